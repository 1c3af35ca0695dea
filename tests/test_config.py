"""config.toml and theme files: pure data, precedence flag > environment > file > default."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from okrtui.settings.config import config_path, effective_settings, read_config, save_setting
from okrtui.settings.themes import DEFAULT_THEME, load_themes, shipped_themes_dir


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file():
    settings = effective_settings(environ={"USER": "ann"})
    assert not settings.exists and settings.problem is None
    assert settings["name"] == "ann" and settings.values["name"].detail == "$USER"
    assert settings["theme"] == DEFAULT_THEME and settings.values["theme"].source == "default"
    assert settings["database"].name == "okr.json" and settings["standup_rotate"] is None


def test_each_setting_comes_from_flag_then_environment_then_file_then_default(tmp_path):
    write_config('name = "王小明"\ndatabase = "~/team/okr.json"\ntheme = "okrtui-light"\nstandup_rotate = 20\n'
                 'language = "zh-TW"\n')
    from_file = effective_settings(environ={"USER": "ann"})
    assert {k: s.source for k, s in from_file.values.items()} == dict.fromkeys(from_file.values, "file")
    assert from_file["name"] == "王小明" and from_file["database"] == Path("~/team/okr.json").expanduser()
    assert from_file["standup_rotate"] == 20 and from_file["language"] == "zh-TW"

    env = {"OKRTUI_USER": "bob", "OKRTUI_DB": str(tmp_path / "env.json"), "OKRTUI_THEME": "nord", "OKRTUI_LANG": "en_US"}
    from_env = effective_settings(environ=env)
    assert from_env["name"] == "bob" and from_env.values["name"].detail == "$OKRTUI_USER"
    assert from_env["database"] == tmp_path / "env.json" and from_env["theme"] == "nord"
    assert from_env["language"] == "en" and from_env.values["standup_rotate"].source == "file"

    flags = effective_settings({"database": str(tmp_path / "flag.json"), "theme": "okrtui-ansi"}, environ=env)
    assert flags["database"] == tmp_path / "flag.json" and flags.values["database"].source == "flag"
    assert flags.values["theme"].detail == "--theme"


@pytest.mark.parametrize("text, problem", [
    ("name = ", "not valid TOML"),
    ("colour = 'red'\n", "colour"),
    ("standup_rotate = 0\n", "standup_rotate"),
    ("name = \"a\\u001b[31m\"\n", "name"),
])
def test_a_broken_file_is_named_with_its_problem_and_ignored(text, problem):
    path = write_config(text)
    settings = effective_settings(environ={})
    assert settings.problem and str(path) in settings.problem and problem in settings.problem
    assert all(s.source == "default" for s in settings.values.values())


def test_save_setting_keeps_comments_and_other_keys():
    path = write_config('# my settings\nname = "ann"\ntheme = "nord"\n')
    save_setting("theme", "okrtui-light")
    save_setting("standup_rotate", 15)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# my settings\nname = \"ann\"\ntheme = \"okrtui-light\"\n")
    assert tomllib.loads(text) == {"name": "ann", "theme": "okrtui-light", "standup_rotate": 15}


def test_save_setting_creates_the_file_and_refuses_a_bad_value():
    save_setting("theme", "okrtui-contrast")
    assert read_config()[0].theme == "okrtui-contrast"
    with pytest.raises(ValueError):
        save_setting("standup_rotate", -1)
    assert read_config()[0].standup_rotate is None  # nothing half-written


def test_every_shipped_theme_validates():
    themes = load_themes(user_dir=Path("/nonexistent"))
    assert themes.problems == []
    assert {"okrtui-dark", "okrtui-light", "okrtui-contrast", "okrtui-ansi"} <= set(themes.themes)
    assert len(themes.themes) == len(list(shipped_themes_dir().glob("*.toml")))
    assert themes.themes["okrtui-ansi"].ansi


def test_a_broken_user_theme_is_reported_by_file_and_skipped(tmp_path):
    (tmp_path / "broken.toml").write_text('name = "mine"\n[colors]\nprimary = "#fff"\n', encoding="utf-8")
    (tmp_path / "garbage.toml").write_bytes(b"\xff\xfe not text")
    good = (shipped_themes_dir() / "light.toml").read_text().replace('name = "okrtui-light"', 'name = "office"')
    (tmp_path / "office.toml").write_text(good, encoding="utf-8")
    themes = load_themes(user_dir=tmp_path)
    assert "office" in themes.themes and "mine" not in themes.themes
    broken = [p for p in themes.problems if "broken.toml" in p]
    assert broken and "okr" in broken[0]  # the missing [okr] table is named
    assert any("garbage.toml" in p and "UTF-8" in p for p in themes.problems)


def test_config_and_theme_files_never_import_textual():
    code = ("import sys, okrtui.settings.config as c, okrtui.settings.themes as t; c.effective_settings(); t.load_themes(); "
            "assert not any(m.startswith(('textual', 'rich')) for m in sys.modules), 'textual imported'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)


def test_a_well_formed_theme_file_is_what_pydantic_would_make_of_it(tmp_path):
    """Shipped themes are read without building a pydantic validator before the first frame (issue 21):
    the result is the model pydantic's validation gives; anything off the exact shape goes to pydantic."""
    import tomllib
    from okrtui.settings.themes import ThemeFile, _well_formed, read_theme_file

    for path in sorted(shipped_themes_dir().glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        fast = _well_formed(data)
        assert fast is not None and read_theme_file(path) == fast
        validated = ThemeFile.model_validate(data)
        assert fast == validated and vars(fast.colors) == vars(validated.colors)
        assert fast.model_dump() == validated.model_dump()
    good = tomllib.loads((shipped_themes_dir() / "dark.toml").read_text(encoding="utf-8"))
    for off in ({"name": "Dark\n"}, {"name": "dark\n"}, {"dark": 1}, {"ansi": "yes"}, {"extra": 1},
                {"colors": {"primary": 3}}, {"colors": {"accent": "#fff"}}, {"okr": {**good["okr"], "more": "#fff"}},
                {"variables": {"footer-key-foreground": 1}}):
        assert _well_formed({**good, **off}) is None, off  # left to pydantic: its sentence, or its coercion
    text = (shipped_themes_dir() / "dark.toml").read_text(encoding="utf-8")
    (tmp_path / "t.toml").write_text(text.replace('name = "okrtui-dark"', 'name = "x"').replace("dark = true", "dark = 1"),
                                     encoding="utf-8")
    assert read_theme_file(tmp_path / "t.toml").dark is True  # pydantic's lax bool, as before
