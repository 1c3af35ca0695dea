"""Regenerate the README's screenshots from the app itself: one per mode, on the demo.

    python scripts/screenshots.py    # docs/<mode>.png (needs rsvg-convert, from librsvg2-bin);
                                     # without it, the app's own docs/<mode>.svg

The demo is re-dated to a fixed moment (as in the tests), so the pictures change only when the app does.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from okrtui.domain.quarter import Quarter  # noqa: E402
from okrtui.storage.demo import install_demo  # noqa: E402
from okrtui.storage.repository import Repository  # noqa: E402
from okrtui.ui.app import OkrApp  # noqa: E402

MOMENT = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
SIZE = (100, 30)
# mode name → keys pressed before the picture (the cursor on an interesting row)
MODES = {"plan": ["down", "down"], "update": [], "compare": ["down"], "standup": []}


async def shoot(db: Path, mode: str, keys: list[str], out: Path) -> None:
    app = OkrApp(Repository(db), mode=mode, theme="okrtui-dark", quarter=Quarter(2026, 4))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        for key in keys:
            await pilot.press(key)
        await pilot.pause(0.5)
        out.write_text(app.export_screenshot(title=f"okrtui {mode}"), encoding="utf-8")


async def main() -> None:
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = install_demo(Path(folder) / "demo.json", now=MOMENT)
        for mode, keys in MODES.items():
            svg = docs / f"{mode}.svg"
            await shoot(db, mode, keys, svg)
            if shutil.which("rsvg-convert"):  # the README shows PNGs; the SVG was only the way there
                subprocess.run(["rsvg-convert", "-o", str(svg.with_suffix(".png")), str(svg)], check=True)
                svg.unlink()
                svg = svg.with_suffix(".png")
            print(svg)


if __name__ == "__main__":
    asyncio.run(main())
