"""okrtui: a keyboard-first terminal app for running OKRs as a team."""


def __getattr__(name: str) -> str:
    """`okrtui.__version__`, read from the installed metadata on first use (the version lives in one
    place, pyproject.toml; reading metadata costs the quick commands nothing until it is asked for)."""
    if name != "__version__":
        raise AttributeError(name)
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("okrtui")
    except PackageNotFoundError:  # a checkout run without installing
        return "0+unknown"
