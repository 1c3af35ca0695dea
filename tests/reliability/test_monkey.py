"""5,000 random key presses over every mode, from a fixed seed: no exception, and the database
still loads and validates afterwards."""

from __future__ import annotations

import os
import random

import pytest
from textual import events

from okrtui.domain.quarter import Quarter
from okrtui.storage.repository import Repository
from okrtui.ui.app import OkrApp

PRESSES = int(os.environ.get("OKRTUI_MONKEY_PRESSES", "5000"))
SEED = int(os.environ.get("OKRTUI_MONKEY_SEED", "20261130"))
# Every key the app binds, the keys of forms and lists, and typing (digits, letters, CJK, signs).
# q is left out (it ends the run); ctrl+c too. The palette can still quit: the run then restarts.
KEYS = (
    list("1234") * 6
    + list("naedcgsmtxyrlk") * 2
    + ["slash", "question_mark", "left_square_bracket", "right_square_bracket"]
    + ["tab", "shift+tab", "enter", "enter", "escape", "escape", "space", "backspace", "delete"]
    + ["up", "down", "left", "right", "pageup", "pagedown", "home", "end"] * 2
    + ["ctrl+z", "ctrl+s", "ctrl+p"]
    + list("0123456789.-") + ["中", "文", "💥", "[", "]"]
)


# The character a named key types (None: it types nothing), as a terminal driver would report it.
CHARS = {
    "slash": "/", "question_mark": "?", "left_square_bracket": "[", "right_square_bracket": "]",
    "space": " ", "tab": "\t", "enter": "\r", "escape": "\x1b", "backspace": "\x7f",
}
BATCH = 100


def send(app: OkrApp, key: str) -> None:
    """Queue a key event the way the terminal driver does; Pilot's press waits ~50 ms after each key,
    which would make 5,000 presses take minutes, so keys go in batches and the test syncs after each."""
    name = {"[": "left_square_bracket", "]": "right_square_bracket"}.get(key, key)
    char = CHARS.get(name, key if len(key) == 1 else None)
    event = events.Key(name, char)
    event.set_sender(app)
    app._driver.send_message(event)


@pytest.mark.slow
async def test_five_thousand_random_keys(demo_path, tmp_path, monkeypatch):
    # Random keys reach the palette's Screenshot, which saves into the current folder: keep it out
    # of the checkout the tests run from.
    monkeypatch.chdir(tmp_path)
    rng = random.Random(SEED)
    repo = Repository(demo_path)
    done = 0
    restarts = 0
    while done < PRESSES:
        app = OkrApp(repo, quarter=Quarter(2026, 4))
        try:
            async with app.run_test(size=(100, 30)) as pilot:
                while done < PRESSES and app.is_running:
                    for _ in range(min(BATCH, PRESSES - done)):
                        send(app, rng.choice(KEYS))
                        done += 1
                    await pilot.pause()  # every queued key handled, timers (live reload) run too
        except Exception as error:  # noqa: BLE001 - report the seed with whatever broke
            raise AssertionError(f"monkey failed after {done} presses (seed {SEED}): {error!r}") from error
        restarts += 1
        assert restarts < 200, f"the app kept exiting (seed {SEED})"
    workspace = Repository(demo_path).load()  # validates every record
    assert done == PRESSES
    assert workspace.meta.schema_version >= 1
