"""Regenerate the README's screenshots from the app itself: one per mode, on the demo.

    python scripts/screenshots.py    # docs/<mode>.png, drawn by headless Chromium (else rsvg-convert);
                                     # without either, the app's own docs/<mode>.svg. CJK and symbol
                                     # fonts: fonts-noto-cjk, fonts-symbola

The clock is pinned with OKRTUI_NOW to the demo's moment (as in the tests), in the demo team's
time zone, so the pictures change only when the app does, whatever day they are made on.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from okrtui.domain.clock import NOW_ENV, system_clock  # noqa: E402
from okrtui.domain.quarter import Quarter  # noqa: E402
from okrtui.storage.demo import install_demo  # noqa: E402
from okrtui.storage.repository import Repository  # noqa: E402
from okrtui.ui.app import OkrApp  # noqa: E402

MOMENT = "2026-11-30T12:00:00+00:00"  # the demo's moment, as in tests/conftest.py
ZONE = "Asia/Taipei"  # the demo team's calendar
SIZE = (100, 30)
# mode name → keys pressed before the picture (the cursor on an interesting row)
MODES = {"plan": ["down", "down"], "update": [], "compare": ["down"], "standup": []}


async def shoot(db: Path, mode: str, keys: list[str], out: Path) -> None:
    app = OkrApp(Repository(db, clock=system_clock()), mode=mode, theme="okrtui-dark", quarter=Quarter(2026, 4))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        for key in keys:
            await pilot.press(key)
        await pilot.pause(0.5)
        out.write_text(fit_wide_text(app.export_screenshot(title=f"okrtui {mode}")), encoding="utf-8")


def fit_wide_text(svg: str) -> str:
    """Textual's SVG gives some segments of wide (CJK) text a textLength of one cell per character,
    so a browser squeezes them to half their width; the terminal draws them right. Set each
    textLength from the text's width in cells (the cell width is read off a one-cell segment)."""
    import html
    import re

    from rich.cells import cell_len

    widths = [float(w) / cell_len(html.unescape(t)) for w, t in
              re.findall(r'textLength="([0-9.]+)"[^>]*>([^<]+)</text>', svg) if cell_len(html.unescape(t)) == 1]
    if not widths:
        return svg
    cell = min(widths)

    def fixed(match: re.Match) -> str:
        cells = cell_len(html.unescape(match.group(2)))
        return match.group(0).replace(f'textLength="{match.group(1)}"', f'textLength="{cells * cell:g}"', 1)

    return re.sub(r'textLength="([0-9.]+)"[^>]*>([^<]+)</text>', fixed, svg)


async def main() -> None:
    os.environ[NOW_ENV] = MOMENT
    os.environ["TZ"] = ZONE  # the zone a new workspace records
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = install_demo(Path(folder) / "demo.json", system_clock())
        for mode, keys in MODES.items():
            svg = docs / f"{mode}.svg"
            await shoot(db, mode, keys, svg)
            png = to_png(svg)  # the README shows PNGs; the SVG was only the way there
            if png:
                svg.unlink()
            print(png or svg)


def to_png(svg: Path) -> Path | None:
    """Chromium draws Textual's SVG as a browser does (spacing kept, CJK and ⌛ from the system's
    fonts); rsvg-convert collapses the footer's spaces. Either, else keep the SVG."""
    png = svg.with_suffix(".png")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        width, height = (round(float(n)) for n in svg.read_text(encoding="utf-8").split('viewBox="0 0 ', 1)[1].split('"', 1)[0].split())
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            f"--user-data-dir={profile}", "--hide-scrollbars", f"--window-size={width},{height}",
                            f"--screenshot={png}", svg.resolve().as_uri()], check=True, capture_output=True)
        return png
    if shutil.which("rsvg-convert"):
        subprocess.run(["rsvg-convert", "-o", str(png), str(svg)], check=True)
        return png
    return None


if __name__ == "__main__":
    asyncio.run(main())
