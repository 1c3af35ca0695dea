"""Theme files: TOML data (never executed), validated with pydantic. No textual here.

The app turns these into Textual themes (okrtui/ui/themes.py); the command line
only needs their names, to refuse `--theme unknown` before textual is imported.
Shipped themes live in `themes/` of the checkout, or `okrtui/themes_data` in a
wheel; users add their own in the config folder's `themes/`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from okrtui.i18n import _

DEFAULT_THEME = "okrtui-dark"
# The theme variables every screen colours with, named in a theme's [okr] table.
OKR_VARIABLES = ("good", "warning", "bad", "bar-empty", "pace")
MAX_THEME_BYTES = 64_000
# "dim" text in a true-colour theme is drawn by the app (okrtui.ui.themes.ReadableDim), not left
# to the terminal (xterm.js, in a browser, draws it at half strength: 2:1 for okrtui-light's status
# line). It goes DIM_FACTOR of the way from the background to its colour, but never below WCAG AA
# for text (AA_TEXT): a colour with little contrast to spare is barely dimmed, or not at all.
DIM_FACTOR = 0.6
AA_TEXT = 4.5

RGB = tuple[float, float, float]  # 0..1 each


def relative_luminance(colour: RGB) -> float:
    """WCAG 2's relative luminance of an sRGB colour."""
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(one: RGB, other: RGB) -> float:
    light, dark = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_dim(background: RGB, colour: RGB, factor: float = DIM_FACTOR, least: float = AA_TEXT) -> RGB:
    """`colour` dimmed towards `background` by `factor`, or less where that would read below `least`."""
    def mix(amount: float) -> RGB:
        return tuple(b + (c - b) * amount for b, c in zip(background, colour))  # type: ignore[return-value]

    if contrast_ratio(colour, background) < least:
        return colour  # no contrast to spare: not dimmed
    if contrast_ratio(mix(factor), background) >= least:
        return mix(factor)
    low, high = factor, 1.0  # the least dimming that still reads: contrast grows with the amount
    for _step in range(16):
        middle = (low + high) / 2
        low, high = (low, middle) if contrast_ratio(mix(middle), background) >= least else (middle, high)
    return mix(high)


# The models are built on first validation (defer_build): a well-formed file, every shipped theme,
# is checked by _well_formed and constructed without building a pydantic validator before the
# app's first frame (issue 21); any other file is validated by pydantic, for its error message.
class ThemeColors(BaseModel):
    """Textual's theme colours (a colour name, #hex, or ansi_* for the terminal's own)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    primary: str
    secondary: str | None = None
    accent: str | None = None
    warning: str | None = None
    error: str | None = None
    success: str | None = None
    foreground: str | None = None
    background: str | None = None
    surface: str | None = None
    panel: str | None = None
    boost: str | None = None


class OkrColors(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)
    good: str
    warning: str
    bad: str
    bar_empty: str = Field(alias="bar-empty")
    pace: str

    def as_variables(self) -> dict[str, str]:
        return {f"okr-{name}": getattr(self, name.replace("-", "_")) for name in OKR_VARIABLES}


NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,39}$"


class ThemeFile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    name: str = Field(pattern=NAME_PATTERN)
    dark: bool = True
    ansi: bool = False  # True: the terminal's 16 colours, never true colour
    colors: ThemeColors
    okr: OkrColors
    variables: dict[str, str] = {}


@dataclass
class ThemeSet:
    themes: dict[str, ThemeFile] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # one sentence each, naming the file


def shipped_themes_dir() -> Path:
    """themes/ from the installed wheel, or from the repository checkout."""
    package = Path(__file__).resolve().parents[1]  # (not importlib.resources: ~5 ms of imports before the first frame)
    packaged = package / "themes_data"
    if packaged.is_dir():
        return packaged
    return package.parent / "themes"


def user_themes_dir() -> Path:
    from okrtui.settings.config import config_dir

    return config_dir() / "themes"


def _first_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]


def read_theme_file(path: Path) -> ThemeFile:
    """One theme file, or ValueError with a sentence saying what is wrong in it."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ValueError(error.strerror or str(error)) from None
    if len(raw) > MAX_THEME_BYTES:
        raise ValueError(_("larger than {n} bytes").format(n=MAX_THEME_BYTES))
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError(_("not UTF-8 text")) from None
    except tomllib.TOMLDecodeError as error:
        raise ValueError(_("not valid TOML ({problem})").format(problem=error)) from None
    well_formed = _well_formed(data)
    if well_formed is not None:
        return well_formed
    try:
        return ThemeFile.model_validate(data)
    except ValidationError as error:
        raise ValueError(_first_problem(error)) from None


def _strings(table: object, allowed: frozenset[str] | None = None) -> dict[str, str] | None:
    """A TOML table of text values (with only `allowed` keys), else None."""
    if not isinstance(table, dict) or (allowed is not None and not table.keys() <= allowed):
        return None
    if not all(isinstance(key, str) and type(value) is str for key, value in table.items()):
        return None
    return table


_FILE_KEYS = frozenset(ThemeFile.model_fields)
_COLOUR_KEYS = frozenset(ThemeColors.model_fields)
_OKR_KEYS = frozenset(OKR_VARIABLES)


def _well_formed(data: dict) -> ThemeFile | None:
    """The ThemeFile pydantic would make of `data`, when every value already has exactly the type
    and shape the model asks for (no coercion to do, nothing missing or extra); else None, and
    pydantic validates it (the same result for these, a sentence for the rest)."""
    name, dark, ansi = data.get("name"), data.get("dark", True), data.get("ansi", False)
    colours, okr = _strings(data.get("colors"), _COLOUR_KEYS), _strings(data.get("okr"), _OKR_KEYS)
    variables = _strings(data.get("variables", {}))
    if not data.keys() <= _FILE_KEYS or type(name) is not str or not re.fullmatch(NAME_PATTERN, name) \
            or type(dark) is not bool or type(ansi) is not bool or colours is None or "primary" not in colours \
            or okr is None or okr.keys() != _OKR_KEYS or variables is None:
        return None
    return ThemeFile.model_construct(
        name=name, dark=dark, ansi=ansi, variables=dict(variables),
        colors=ThemeColors.model_construct(None, **colours),
        okr=OkrColors.model_construct(None, **{key.replace("-", "_"): value for key, value in okr.items()}))


def load_themes(user_dir: Path | None = None) -> ThemeSet:
    """Shipped themes, then the user's (a user theme may replace a shipped one of the same name)."""
    found = ThemeSet()
    folders = [shipped_themes_dir(), user_dir if user_dir is not None else user_themes_dir()]
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                theme = read_theme_file(path)
            except ValueError as error:
                found.problems.append(_("theme file {path} was skipped: {problem}").format(path=path, problem=error))
                continue
            found.themes[theme.name] = theme
            found.sources[theme.name] = path
    return found


def theme_names(themes: ThemeSet | None = None) -> list[str]:
    """okrtui's themes first, then Textual's built-in ones (imported only when asked for)."""
    themes = themes or load_themes()
    from textual.theme import BUILTIN_THEMES

    return sorted(themes.themes) + sorted(name for name in BUILTIN_THEMES if name not in themes.themes)


def is_known_theme(name: str, themes: ThemeSet | None = None) -> bool:
    """Whether a theme of that name exists; textual is imported only for a name that is not okrtui's."""
    themes = themes or load_themes()
    return name in themes.themes or name in theme_names(themes)
