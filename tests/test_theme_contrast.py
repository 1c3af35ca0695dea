"""Every theme's text meets WCAG AA (4.5:1) against what it is drawn on, computed from the theme
files with WCAG 2's relative luminance (issue 17 item 25).

The pairs are the app's: the foreground, muted text ($text-muted), the status and grade colours
on every background a row can have (the screen, surfaces, panels, the list cursor), the footer's
keys, the cursor's own text, and "dim" text. Dim is drawn by okrtui itself in a true-colour theme
(okrtui.settings.themes.readable_dim, applied by okrtui.ui.themes.ReadableDim), so it is measured too: the
status line under each standup objective is dim grade colour on the background. The formula here
is the test's own, not the app's.

The ANSI theme names the terminal's own colours: what they look like is the terminal's palette,
which no file says. Its text is the terminal's default pair (the user's choice); what is tested
is that it sets no text colour on a background of its own except the cursor and the selection,
and that those meet 4.5:1 in the common xterm palette (an indication, not a guarantee).
"""

from __future__ import annotations

import pytest

from okrtui.settings.themes import ThemeFile, load_themes, readable_dim

AA = 4.5
THEMES = {name: theme for name, theme in load_themes().themes.items() if not theme.ansi}
# xterm's default palette, the one most terminals start from.
XTERM = {"ansi_black": "#000000", "ansi_white": "#E5E5E5", "ansi_bright_black": "#7F7F7F",
         "ansi_bright_white": "#FFFFFF", "ansi_blue": "#0000EE", "ansi_red": "#CD0000"}


def rgb(colour: str) -> tuple[float, float, float]:
    value = colour.strip().lstrip("#")
    assert len(value) == 6, f"{colour}: a theme's text pairs are #RRGGBB"
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def luminance(colour: tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance."""
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple[float, float, float], other: tuple[float, float, float]) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def blend(background: tuple, colour: tuple, factor: float) -> tuple:
    return tuple(b + (c - b) * factor for b, c in zip(background, colour))


def muted(theme: ThemeFile, background: tuple) -> tuple:
    """$text-muted: the theme's, else Textual's "auto 60%" (black or white at 60% on the background)."""
    if "text-muted" in theme.variables:
        return rgb(theme.variables["text-muted"])
    auto = (0.0, 0.0, 0.0) if luminance(background) > 0.179 else (1.0, 1.0, 1.0)
    return blend(background, auto, 0.6)


def pairs(theme: ThemeFile) -> list[tuple[str, tuple, tuple]]:
    """(what, text colour, background) for every text colour the app draws on each background."""
    colors, okr, variables = theme.colors, theme.okr, theme.variables
    backgrounds = {"background": colors.background, "surface": colors.surface, "panel": colors.panel,
                   "cursor row": variables.get("block-cursor-background")}
    texts = {"foreground": colors.foreground, "good": okr.good, "warning": okr.warning, "bad": okr.bad,
             "success": colors.success, "warning colour": colors.warning, "error": colors.error}
    found = []
    for where, background in backgrounds.items():
        if background is None:
            continue
        bg = rgb(background)
        for what, text in texts.items():
            if text is None:
                continue
            if where == "cursor row" and what == "foreground":
                text = variables.get("block-cursor-foreground", text)
            found.append((f"{what} on {where}", rgb(text), bg))
            found.append((f"dim {what} on {where}", readable_dim(bg, rgb(text)), bg))
        found.append((f"muted text on {where}", muted(theme, bg), bg))
    footer = rgb(variables.get("footer-background", colors.panel or colors.background))
    for key in ("footer-key-foreground", "footer-description-foreground"):
        if key in variables:
            found.append((f"{key} on the footer", rgb(variables[key]), footer))
    return found


@pytest.mark.parametrize("name", sorted(THEMES))
def test_every_text_colour_of_a_theme_meets_wcag_aa(name):
    low = [f"{what}: {contrast(text, bg):.2f}:1" for what, text, bg in pairs(THEMES[name])
           if contrast(text, bg) < AA]
    assert low == [], f"{name} below {AA}:1 — " + "; ".join(low)


def test_the_formula_is_wcag_2():
    assert contrast(rgb("#000000"), rgb("#FFFFFF")) == pytest.approx(21.0)
    assert contrast(rgb("#777777"), rgb("#FFFFFF")) == pytest.approx(4.48, abs=0.01)
    assert contrast(rgb("#767676"), rgb("#FFFFFF")) == pytest.approx(4.54, abs=0.01)


def test_the_ansi_theme_leaves_text_to_the_terminal_and_its_own_pairs_read_in_xterm_colours():
    ansi = [theme for theme in load_themes().themes.values() if theme.ansi]
    assert ansi
    for theme in ansi:
        colors = theme.colors
        assert colors.foreground == colors.background == colors.surface == colors.panel == "ansi_default"
        variables = theme.variables
        for text, background in (("block-cursor-foreground", "block-cursor-background"),
                                 ("input-cursor-foreground", "input-cursor-background"),
                                 ("input-selection-foreground", "input-selection-background"),
                                 ("screen-selection-foreground", "screen-selection-background")):
            ratio = contrast(rgb(XTERM[variables[text]]), rgb(XTERM[variables[background]]))
            assert ratio >= AA, f"{theme.name}: {text} on {background} is {ratio:.2f}:1 in xterm's colours"


async def test_the_app_draws_dim_text_itself_readable_on_its_background(demo_repo):
    """okrtui-light's status and owner line (dim grade colour on the background) measured 2:1 at the
    half strength xterm.js gives dim; the app now draws dim itself, never below 4.5:1."""
    from rich.segment import Segment
    from rich.style import Style
    from textual.color import Color

    from okrtui.ui.app import OkrApp
    from okrtui.ui.themes import ReadableDim

    app = OkrApp(demo_repo, mode="standup", theme="okrtui-light")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        dim = next(f for f in app.get_line_filters() if isinstance(f, ReadableDim))
        background = Color.parse(THEMES["okrtui-light"].colors.background)
        for colour in ("#1F2328", THEMES["okrtui-light"].okr.warning, "#888888"):
            [drawn] = dim.apply([Segment("林美玲", Style(color=colour, dim=True))], background)
            assert not drawn.style.dim
            ratio = contrast(tuple(c / 255 for c in drawn.style.color.triplet), rgb(background.hex))
            assert ratio >= AA or colour == "#888888", (colour, ratio)  # grey has nothing to spare: as it is
        app.theme = "okrtui-ansi"
        await pilot.pause(0.1)
        assert dim not in app.get_line_filters()  # the terminal's own dim, for its own colours
