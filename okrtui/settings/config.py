"""config.toml in the user config folder, and the effective settings with where each came from.

Pure: no textual, no rich. The file is data (TOML, validated with pydantic), never executed.
Precedence for every setting: a command-line flag, then the environment, then the file,
then the default. A broken file is reported (naming the file and the problem) and ignored.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Mapping

from okrtui.i18n import _
from okrtui.domain.text_rules import cell_width

Source = Literal["flag", "environment", "file", "default"]
KEYS = ("name", "database", "theme", "standup_rotate", "language")
# The environment variable of each setting (standup rotation has none: --rotate or the file).
FLAGS = {"database": "--db", "standup_rotate": "--rotate", "language": "--lang"}  # the option that sets each
ENV = {"name": "OKRTUI_USER", "database": "OKRTUI_DB", "theme": "OKRTUI_THEME", "language": "OKRTUI_LANG"}
LANGUAGES = ("en", "zh-TW")
PRIVATE_FILE_MODE = 0o600  # personal settings, whatever the folder: never the group's


@dataclass(frozen=True)
class NoConfig:
    """What a missing config file says: nothing (read without building the validator)."""

    name: str | None = None
    database: str | None = None
    theme: str | None = None
    standup_rotate: float | None = None
    language: str | None = None
    notify: Any = None


_CONFIG_MODEL = None


def config_model():
    """The pydantic model of config.toml, built on first use: most commands run with no config
    file, and the quick command line should not pay for building a validator it does not need."""
    global _CONFIG_MODEL
    if _CONFIG_MODEL is None:
        from pydantic import BaseModel, ConfigDict, Field

        url_list = list[Annotated[str, Field(min_length=1, pattern=r"^[^\x00-\x1f\x7f]+$")]]

        class NotifyPerson(BaseModel):
            model_config = ConfigDict(extra="forbid")
            urls: url_list = []
            language: Literal["en", "zh-TW"] | None = None

        class NotifyTeam(BaseModel):
            model_config = ConfigDict(extra="forbid")
            urls: url_list = []

        class Notify(BaseModel):
            """[notify] for `okrtui remind`: everyone's default URLs, and per person and per team."""
            model_config = ConfigDict(extra="forbid")
            urls: url_list = []
            people: dict[str, NotifyPerson] = {}
            teams: dict[str, NotifyTeam] = {}

        class ConfigFile(BaseModel):
            model_config = ConfigDict(extra="forbid")
            notify: Notify | None = None
            name: str | None = Field(None, min_length=1, max_length=80, pattern=r"^[^\x00-\x1f\x7f]+$")
            database: str | None = Field(None, min_length=1, pattern=r"^[^\x00-\x1f\x7f]+$")
            theme: str | None = Field(None, min_length=1, max_length=40)
            standup_rotate: float | None = Field(None, ge=1, le=3600)
            language: Literal["en", "zh-TW"] | None = None

        _CONFIG_MODEL = ConfigFile
    return _CONFIG_MODEL


@dataclass(frozen=True)
class Setting:
    key: str
    value: Any
    source: Source
    detail: str = ""  # e.g. "$OKRTUI_DB", "--db"


@dataclass
class Settings:
    path: Path
    exists: bool
    values: dict[str, Setting] = field(default_factory=dict)
    problem: str | None = None  # the file's problem, when it was ignored

    def __getitem__(self, key: str) -> Any:
        return self.values[key].value


def config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("okrtui", appauthor=False))


def config_path() -> Path:
    return config_dir() / "config.toml"


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("okrtui", appauthor=False)) / "okr.json"


def read_config(path: Path | None = None) -> tuple[Any, str | None]:
    """The file's settings and None, or empty settings and a sentence naming the file and its problem."""
    from pydantic import ValidationError

    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return NoConfig(), None
    except (OSError, UnicodeDecodeError) as error:
        problem = getattr(error, "strerror", None) or str(error)
    else:
        import tomllib  # only when there is a file to read

        try:
            return config_model().model_validate(tomllib.loads(text)), None
        except tomllib.TOMLDecodeError as error:
            problem = _("not valid TOML ({problem})").format(problem=error)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            problem = f"{where}: {first['msg']}" if where else first["msg"]
    return NoConfig(), _("config file {path} was ignored: {problem}").format(path=path, problem=problem)


def _language(value: str) -> str:
    low = value.lower().replace("-", "_")
    return "zh-TW" if low.startswith(("zh_tw", "zh_hk", "zh_hant")) else "en"


def _system_user(environ: Mapping[str, str]) -> Setting:
    for var in ("USER", "LOGNAME"):
        if environ.get(var):
            return Setting("name", environ[var], "default", f"${var}")
    import getpass  # only without $USER and $LOGNAME (and termios with it): not on every quick command

    try:
        return Setting("name", getpass.getuser(), "default")
    except Exception:  # no passwd entry (containers): an author is optional
        return Setting("name", "", "default")


def _defaults(environ: Mapping[str, str]) -> dict[str, Setting]:
    language = Setting("language", "en", "default")
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(var):  # the locale is the default, named so the user sees why
            language = Setting("language", _language(environ[var]), "default", f"${var}")
            break
    return {
        "name": _system_user(environ),
        "database": Setting("database", default_db_path(), "default"),
        "theme": Setting("theme", "okrtui-dark", "default"),
        "standup_rotate": Setting("standup_rotate", None, "default"),
        "language": language,
    }


def effective_settings(flags: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None,
                       path: Path | None = None) -> Settings:
    """Each setting from the first of: flag, environment, file, default."""
    flags = flags or {}
    environ = os.environ if environ is None else environ
    path = path or config_path()
    file, problem = read_config(path)
    settings = Settings(path=path, exists=path.is_file(), problem=problem)
    defaults = _defaults(environ)
    for key in KEYS:
        env_var = ENV.get(key)
        if flags.get(key) not in (None, ""):
            setting = Setting(key, flags[key], "flag", FLAGS.get(key, "--" + key))
        elif env_var and environ.get(env_var):
            setting = Setting(key, environ[env_var], "environment", f"${env_var}")
        elif getattr(file, key) is not None:
            setting = Setting(key, getattr(file, key), "file")
        else:
            setting = defaults[key]
        if key == "database" and setting.source != "default":
            setting = Setting(key, Path(str(setting.value)).expanduser(), setting.source, setting.detail)
        if key == "language" and setting.source == "environment":
            setting = Setting(key, _language(setting.value), setting.source, setting.detail)
        settings.values[key] = setting
    return settings


def save_setting(key: str, value: str | float, path: Path | None = None) -> None:
    """Set one top-level key in config.toml, keeping the rest of the file (comments too) as it is.

    Used to remember the theme picked in the app. The new file is validated before it is written,
    and written whole by storage's write_file (a new private file moved into place), so a failure
    leaves the old file and a link planted at any name is never followed. Raises OSError.
    """
    if key not in KEYS:
        raise KeyError(key)
    path = path or config_path()
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    line = f"{key} = {json.dumps(value, ensure_ascii=False)}"  # a JSON string or number is valid TOML
    # Top-level keys must come before the first [table].
    first_table = next((i for i, text in enumerate(lines) if text.lstrip().startswith("[")), len(lines))
    pattern = re.compile(rf"^\s*{key}\s*=")
    found = next((i for i in range(first_table) if pattern.match(lines[i])), None)
    if found is not None:
        lines[found] = line
    else:
        lines.insert(first_table, line)
    new = "\n".join(lines) + "\n"
    import tomllib

    config_model().model_validate(tomllib.loads(new))
    # Only when saving: the quick commands that merely read the config skip the storage import.
    from okrtui.storage.files import private_folder, write_file

    private_folder(path.parent)
    write_file(path, new.encode("utf-8"), mode=PRIVATE_FILE_MODE)


def source_label(setting: Setting) -> str:
    label = {"flag": _("flag"), "environment": _("environment"), "file": _("file"), "default": _("default")}[setting.source]
    return f"{label} ({setting.detail})" if setting.detail else label


def settings_as_dict(settings: Settings) -> dict:
    return {"path": str(settings.path), "exists": settings.exists, "problem": settings.problem,
            "settings": {key: {"value": None if s.value is None else (s.value if isinstance(s.value, (int, float))
                                                                       else str(s.value)),
                               "source": s.source, "detail": s.detail} for key, s in settings.values.items()}}


def settings_text(settings: Settings, theme_names: list[str], themes_dir: Path) -> str:
    """What `okrtui config` prints: the file, each effective value and where it came from."""
    state = "" if settings.exists else " " + _("(not created yet)")
    lines = [_("config file: {path}").format(path=settings.path) + state]
    if settings.problem:
        lines.append(_("warning: {problem}").format(problem=settings.problem))
    shown = {key: ("" if s.value is None else str(s.value)) for key, s in settings.values.items()}
    shown["standup_rotate"] = (_("every {n} s").format(n=f"{settings['standup_rotate']:g}")
                               if settings["standup_rotate"] else _("off"))
    value_width = min(max(cell_width(v) for v in shown.values()), 50)  # cells: a name may be CJK
    for key, setting in settings.values.items():
        gap = " " * max(value_width - cell_width(shown[key]), 0)
        lines.append(f"{key:<15} {shown[key]}{gap}  {source_label(setting)}")
    lines.append(_("themes: {names}").format(names=", ".join(theme_names)))
    lines.append(_("your own themes: TOML files in {path}").format(path=themes_dir))
    return "\n".join(lines)


def identity(environ: Mapping[str, str] | None = None) -> str:
    """Who is writing: $OKRTUI_USER, else `name` in config.toml, else the login name (one rule everywhere)."""
    return effective_settings(environ=environ)["name"] or ""
