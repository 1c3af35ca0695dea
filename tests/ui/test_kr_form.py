"""The key result form (issue 17 item 13): a milestone asks only what it has, defaults are values,
and the focused field is plain to see in every theme."""

from __future__ import annotations

import pytest
from tests.ui.ui_helpers import screen_text, type_text, wait_until

from okrtui.ui.dialogs.kr_form import KeyResultForm

THEMES = ("okrtui-dark", "okrtui-light", "okrtui-contrast", "okrtui-ansi")


async def open_new_kr_form(app, pilot) -> KeyResultForm:
    await pilot.press("down", "a")  # O1
    await wait_until(pilot, lambda: isinstance(app.screen, KeyResultForm))
    return app.screen


def labels_on(app) -> set[str]:
    return {word for line in screen_text(app).splitlines() for word in line.replace("│", " ").split()}


async def test_a_milestone_asks_for_no_unit_start_or_target(demo_app, demo_repo):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        form = await open_new_kr_form(demo_app, pilot)
        assert {"Unit", "Start", "Target"} <= labels_on(demo_app)
        await type_text(pilot, "上線新官網")
        form.widget("unit").value = "次"  # typed before the kind was changed: a milestone drops it
        form.widget("kind").value = "milestone"
        await pilot.pause()
        shown = labels_on(demo_app)
        assert {"Title", "Kind", "Weight", "Owner"} <= shown
        assert not {"Unit", "Start", "Target"} & shown
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(demo_app.screen, KeyResultForm))
        saved = [k for k in demo_repo.load().key_results if k.title == "上線新官網"]
        assert [(k.kind, k.unit, k.start, k.target) for k in saved] == [("milestone", "", 0, 1)]

        await pilot.press("e")  # the cursor is on the new milestone: its form hides them from the start
        await wait_until(pilot, lambda: isinstance(demo_app.screen, KeyResultForm))
        assert "Edit key result" in screen_text(demo_app) and "Start" not in labels_on(demo_app)
        demo_app.screen.widget("kind").value = "increase"  # back to a number: the fields come back
        await pilot.pause()
        assert {"Unit", "Start", "Target"} <= labels_on(demo_app)


async def test_start_and_weight_are_real_values_that_typing_replaces(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        form = await open_new_kr_form(demo_app, pilot)
        start, weight = form.widget("start"), form.widget("weight")
        assert (start.value, start.placeholder) == ("0", "")  # not a grey placeholder that looks like a value
        assert (weight.value, weight.placeholder) == ("1", "")
        start.focus()
        await pilot.pause()
        await type_text(pilot, "31")
        assert start.value == "31"  # the default is selected on focus: typing replaces it


def _luminance(colour) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.red) + 0.7152 * channel(colour.green) + 0.0722 * channel(colour.blue)


def contrast(a, b) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", THEMES)
async def test_the_focused_field_is_plain_to_see_in_every_theme(demo_repo, theme):
    from tests.ui.ui_helpers import DEMO_QUARTER

    from okrtui.ui.app import OkrApp

    app = OkrApp(demo_repo, quarter=DEMO_QUARTER, theme=theme)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_new_kr_form(app, pilot)
        form.widget("start").focus()
        await pilot.pause()
        rows = {row.id: row for row in form.query(".field")}
        assert [name for name, row in rows.items() if row.has_class("-focused")] == ["field-start"]
        label = rows["field-start"].query_one(".field-label").rich_style
        other = rows["field-target"].query_one(".field-label").rich_style
        # A mark that needs no colour: the focused label is a bold reversed block, the others are not.
        assert label.bold and label.reverse and not other.reverse
        if theme == "okrtui-ansi":
            return  # the terminal's palette decides the shades
        surface = form.query_one(".dialog").styles.background.rich_color.triplet
        block = label.color.triplet  # reversed: the label's colour is the block's
        assert contrast(block, surface) >= 3.0, "WCAG 1.4.11: a focus mark stands 3:1 from what is around it"
        field = form.widget("start").rich_style.bgcolor.triplet
        resting = form.widget("target").rich_style.bgcolor.triplet
        assert contrast(field, resting) >= 1.2, "the focused field itself is shaded, not tinted 5%"
