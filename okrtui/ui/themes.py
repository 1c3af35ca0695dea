"""Themes in the running app: theme files turned into Textual themes, and styles that follow them.

Rows are rich Text built in Python, so they cannot use CSS variables directly. They use
`ThemedStyles` instead: a style such as "bold $okr-good" is resolved against the running
app's current theme each time a row is drawn, and the app redraws when the theme changes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator, Mapping

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.app import App
from textual.color import Color, ColorParseError
from textual.filter import LineFilter
from textual.theme import Theme

from okrtui.i18n import _
from okrtui.settings.themes import ThemeFile, ThemeSet, load_themes, readable_dim
from okrtui.ui.textual_compat import running_app

if TYPE_CHECKING:
    from okrtui.ui.app import OkrApp

# Outside a running app (a row rendered in a unit test): the terminal's own colours.
FALLBACK = {"okr-good": "ansi_green", "okr-warning": "ansi_yellow", "okr-bad": "ansi_red", "okr-bar-empty": "ansi_bright_black",
            "okr-pace": "ansi_default"}
_PERCENT = re.compile(r"\s+\d{1,3}%$")
_TEXT_STYLE_WORDS = {"none", "not", "bold", "dim", "italic", "underline", "reverse", "strike"}


def _check_colour(where: str, value: str) -> None:
    try:
        Color.parse(_PERCENT.sub("", value.strip()))
    except ColorParseError:
        raise ValueError(_("{where}: '{value}' is not a colour").format(where=where, value=value)) from None


def to_textual_theme(spec: ThemeFile) -> Theme:
    """A validated theme file as a Textual Theme; ValueError names the first bad value.

    Every value Textual will read is checked here, so a user theme cannot break the
    stylesheet later, when someone picks it in the palette.
    """
    colours = {key: value for key, value in vars(spec.colors).items() if value is not None}  # (no serializer built)
    for key, value in colours.items():
        _check_colour(f"colors.{key}", value)
    okr = spec.okr.as_variables()
    for key, value in okr.items():
        _check_colour(f"okr.{key.removeprefix('okr-')}", value)
    for key, value in spec.variables.items():
        if key.endswith("text-style"):
            if not value.split() or not set(value.split()) <= _TEXT_STYLE_WORDS:
                raise ValueError(_("variables.{key}: '{value}' is not a text style").format(key=key, value=value))
        else:
            _check_colour(f"variables.{key}", value)
    return Theme(name=spec.name, dark=spec.dark, ansi=spec.ansi, variables={**spec.variables, **okr}, **colours)


def install_themes(app: App, themes: ThemeSet | None = None) -> list[str]:
    """Register okrtui's themes (shipped and the user's) with the app; returns the problems found."""
    themes = themes or load_themes()
    problems = list(themes.problems)
    for name, spec in themes.themes.items():
        try:
            app.register_theme(to_textual_theme(spec))
        except ValueError as error:
            problems.append(_("theme file {path} was skipped: {problem}").format(path=themes.sources[name], problem=error))
    return problems


def okr_defaults(theme: Theme) -> dict[str, str]:
    """okr-* variables for a theme that does not set them (Textual's built-ins): from its own colours."""
    generated = theme.to_color_system().generate()
    extra = {}
    if theme.ansi:
        empty = "ansi_bright_black"
        # Textual's own stylesheets use these, and its generator leaves them out for ANSI themes.
        extra = {"ansi-background": "ansi_default", "ansi-foreground": "ansi_default"}
    else:
        background, foreground = Color.parse(generated["background"]), Color.parse(generated["foreground"])
        empty = background.blend(foreground, 0.3).hex
    return {"okr-good": generated["success"], "okr-warning": generated["warning"], "okr-bad": generated["error"],
            "okr-bar-empty": empty, "okr-pace": generated["foreground"], **extra}


def _cache(theme: Theme) -> dict:
    """Per-theme memo, kept on the Theme object itself so it lives and dies with it."""
    return theme.__dict__.setdefault("_okrtui_cache", {})


def theme_variables(theme: Theme) -> dict[str, str]:
    cache = _cache(theme)
    if "$variables" not in cache:
        cache["$variables"] = {**okr_defaults(theme), **theme.variables}
    return cache["$variables"]


@lru_cache(maxsize=256)
def _rich_colour(value: str):
    try:
        return Color.parse(_PERCENT.sub("", value.strip())).rich_color
    except ColorParseError:
        return None


_fallback_styles: dict[str, Style] = {}


def themed(spec: str) -> Style:
    """"bold $okr-good" as a rich Style in the running app's theme (terminal colours outside an app).

    Memoised per theme and spec: rows are redrawn often (live reload, the standup clock), and
    handing out the same Style object each time allocates nothing.
    """
    app = running_app()
    if app is None:
        cache, variables = _fallback_styles, FALLBACK
    else:
        theme = app.current_theme
        cache, variables = _cache(theme), None
        if spec not in cache:
            variables = theme_variables(theme)
    if spec not in cache:
        cache[spec] = _resolve(spec, variables or {})  # set above whenever the spec is new
    return cache[spec]


def _resolve(spec: str, variables: Mapping[str, str]) -> Style:
    words, colour = [], None
    for word in spec.split():
        if word.startswith("$"):
            value = variables.get(word[1:])
            colour = _rich_colour(value) if value else None
        else:
            words.append(word)
    style = Style.parse(" ".join(words)) if words else Style()
    return style + Style(color=colour) if colour is not None else style


class ThemedStyles(Mapping[str, Style]):
    """A table of styles (status → "bold $okr-good") resolved against the current theme on each look-up."""

    def __init__(self, specs: Mapping[str, str]):
        self._specs = dict(specs)

    def __getitem__(self, key: str) -> Style:
        return themed(self._specs[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)



def apply_settings(app: OkrApp, requested: str | None) -> None:
    """At start-up: register the themes, report broken theme or config files, pick the theme,
    and from then on redraw on a theme change and remember the user's pick in config.toml."""
    from okrtui.settings.config import effective_settings, save_setting
    from okrtui.settings.themes import DEFAULT_THEME

    settings = effective_settings()
    notices = install_themes(app) + ([settings.problem] if settings.problem else [])
    name = "okrtui-ansi" if app.no_color else (requested or settings["theme"])  # NO_COLOR: reverse video only
    if name not in app.available_themes:
        notices.append(_("there is no theme '{name}'; themes: {names}").format(
            name=name, names=", ".join(sorted(app.available_themes))))
        name = DEFAULT_THEME
    app.theme = name
    follow_theme(app)
    for notice in notices:
        app.notify(notice, severity="warning", markup=False, timeout=10)
    remembered = [name]

    def changed(theme: Theme) -> None:
        follow_theme(app)
        app.redraw()  # rows carry resolved colours: draw them again
        if theme.name == remembered[0]:
            return
        remembered[0] = theme.name
        if app.read_only:  # a served screen: the visitor's pick lasts the session
            return
        try:
            save_setting("theme", theme.name)
        except (OSError, ValueError) as error:  # a broken config.toml is left as it is
            app.notify(_("the theme was not remembered: {problem}").format(problem=error), severity="warning",
                       markup=False)

    app.theme_changed_signal.subscribe(app, changed)


_NOT_DIM = Style(dim=False)


class ReadableDim(LineFilter):
    """"dim" text drawn by the app in a true-colour theme: blended towards its background, never
    below WCAG AA (okrtui.settings.themes.readable_dim). Text with no colour of its own is left as it is.
    One instance for the process (READABLE_DIM): Textual caches filtered lines by filter, and the
    result depends only on the line and its background. An ANSI theme turns it off (follow_theme):
    the terminal's own dim, for the terminal's own colours."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [Segment(text, _dim(style, background), control) if style is not None and style.dim else
                Segment(text, style, control) for text, style, control in segments]


READABLE_DIM = ReadableDim()


def follow_theme(app: App, dim: ReadableDim = READABLE_DIM) -> None:
    dim.enabled = not (app.current_theme.ansi or app.no_color)


@lru_cache(maxsize=1024)
def _dim(style: Style, background: Color) -> Style:
    colour, behind = style.color, style.bgcolor
    back = behind.triplet if behind is not None and behind.triplet is not None else background.rich_color.triplet
    if colour is None or colour.triplet is None or back is None:
        return style
    fore = colour.triplet
    dimmed = readable_dim((back[0] / 255, back[1] / 255, back[2] / 255), (fore[0] / 255, fore[1] / 255, fore[2] / 255))
    return style + Style(color=RichColor.from_rgb(*(round(c * 255) for c in dimmed))) + _NOT_DIM
