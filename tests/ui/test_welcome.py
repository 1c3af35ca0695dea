"""The first run: no database yet. The welcome screen's three paths, on a temporary data folder."""

from __future__ import annotations

from tests.ui.ui_helpers import screen_text, wait_until

from okrtui.storage.repository import Repository
from okrtui.ui.app import OkrApp
from okrtui.ui.modes.base import ModeScreen
from okrtui.ui.dialogs.welcome import GuideScreen, WelcomeScreen


def new_app(tmp_path) -> tuple[OkrApp, Repository]:
    folder = tmp_path / "data"
    folder.mkdir()
    repo = Repository(folder / "okr.json")
    return OkrApp(repo), repo


async def test_start_empty_creates_the_database(tmp_path):
    app, repo = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        assert isinstance(app.screen, WelcomeScreen)
        text = screen_text(app)
        assert "Welcome to okrtui" in text and "Start an empty workspace" in text and "demo" in text
        assert not repo.path.exists()  # nothing is written before the user chooses
        await pilot.press("1")  # mode keys wait until there is a database
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ModeScreen))
        assert repo.path.exists() and Repository(repo.path).load().objectives == []
        assert oct(repo.path.stat().st_mode & 0o777) == "0o600"
        assert app.current_mode == "plan" and "Press n" in str(list(app._notifications)[-1].message)


async def test_open_the_demo_uses_a_file_of_its_own(tmp_path):
    app, repo = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        await pilot.press("down", "enter")  # the second choice, by the list
        await wait_until(pilot, lambda: isinstance(app.screen, ModeScreen))
        assert not repo.path.exists()  # the user's own database stays unmade
        demos = list(repo.path.parent.glob("demo-*.json"))
        assert len(demos) == 1 and app.repo.path == demos[0]
        assert len(app.workspace.objectives) >= 3
        await wait_until(pilot, lambda: "拓展新市場" in screen_text(app))
        assert str(demos[0]) in str(list(app._notifications)[-1].message)


async def test_the_guide_teaches_the_coachs_rules_and_writes_nothing(tmp_path):
    app, repo = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, GuideScreen))
        text = screen_text(app)
        for words in ("Objective", "Key result", "1–3 objectives", "3–5 per objective", "every week",
                      "0.7", "escape: back"):
            assert words in text, words
        await pilot.press("escape")
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("q")
    assert not repo.path.exists() and list(repo.path.parent.iterdir()) == []


async def test_an_existing_database_opens_without_the_welcome(demo_repo):
    app = OkrApp(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        assert isinstance(app.screen, ModeScreen)


async def test_the_path_stands_apart_from_the_sentences_in_both_languages(tmp_path):
    """Issue 17 item 12: the zh-TW sentence ran into the path ("…執行 OKR。/tmp/x.json")."""
    from okrtui import i18n

    for language, sentence in (("en", "from the keyboard."), ("zh-TW", "執行 OKR。")):
        i18n.set_language(language)
        try:
            (tmp_path / language).mkdir()
            app, repo = new_app(tmp_path / language)
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause(0.1)
                intro = str(app.screen.query_one("#welcome-intro").content).splitlines()
                assert intro[0].endswith(sentence) and str(repo.path) not in intro[0]
                assert str(repo.path) in [line.strip() for line in intro], "the path is a line of its own"
                lines = [line.strip() for line in screen_text(app).splitlines()]
                said = next(line for line in lines if sentence in line)
                assert said.endswith(sentence) and "/" not in said  # on screen too, however narrow
        finally:
            i18n.set_language("en")
