"""`okrtui report --format html` and `--charts` as a user runs them, and the page in a real
headless Chromium: one chart per team, drawn, nothing loaded from anywhere."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.chromium import CHROMIUM, chromium_page, png_is_blank


def report(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "okrtui", "report", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "120"}, timeout=60)


def test_html_is_written_to_a_new_private_file_never_over_one(cli_demo, tmp_path):
    done = report(tmp_path, "--db", str(cli_demo), "--format", "html")
    assert done.returncode == 0 and done.stdout == "" and "wrote okr-report-" in done.stderr
    [page] = list(tmp_path.glob("okr-report-*.html"))
    assert stat.S_IMODE(page.stat().st_mode) in (0o600, 0o660)
    assert page.read_text(encoding="utf-8").count('class="chart team-chart"') == 4
    before = page.read_bytes()
    again = report(tmp_path, "--db", str(cli_demo), "--format", "html")
    assert again.returncode == 2 and "already exists" in again.stderr and "Traceback" not in again.stderr
    assert page.read_bytes() == before
    one = report(tmp_path, "--db", str(cli_demo), "--format", "html", "--team", "../行銷")
    assert one.returncode == 0 and (tmp_path / "okr-report-2026-Q4-..-行銷.html").exists()  # no folder climbed


def test_a_planted_link_at_the_output_is_replaced_not_written_through(cli_demo, tmp_path):
    target = tmp_path / "victim.txt"
    target.write_text("keep")
    (tmp_path / "r.html").symlink_to(target)
    done = report(tmp_path, "--db", str(cli_demo), "--format", "html", "-o", "r.html")
    assert done.returncode == 0 and target.read_text() == "keep"
    assert not (tmp_path / "r.html").is_symlink() and "<svg" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_markdown_with_charts_on_the_command_line(cli_demo, tmp_path):
    text = report(tmp_path, "--db", str(cli_demo), "--charts").stdout
    assert text.count("```text") == 4 and "expected pace" in text and "on this trend:" in text
    assert "```text" not in report(tmp_path, "--db", str(cli_demo)).stdout


async def open_in_chromium(url: str, script: str, timeout: float = 30.0) -> tuple[object, bytes, list[str]]:
    """Open `url` in headless Chromium: the value of `script` run in the page, a screenshot of
    the whole page and every address the page asked for."""
    requested: list[str] = []
    loaded = asyncio.Event()

    def note(message: dict) -> None:
        if message.get("method") == "Network.requestWillBeSent":
            requested.append(message["params"]["request"]["url"])
        if message.get("method") == "Page.loadEventFired":
            loaded.set()

    async with chromium_page(1000, 1400, timeout, note) as page:
        await page.call("Network.enable")
        await page.call("Page.enable")
        await page.call("Page.navigate", url=url)
        while not loaded.is_set() and time.monotonic() < page.deadline:
            await page.call("Runtime.evaluate", expression="document.readyState")
            await asyncio.sleep(0.2)
        value = (await page.call("Runtime.evaluate", expression=script, returnByValue=True))["result"].get("value")
        shot = await page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        return value, base64.b64decode(shot["data"]), requested


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)")
async def test_the_html_report_opens_in_chromium_with_one_chart_per_team(cli_demo, tmp_path):
    page = tmp_path / "report.html"
    done = report(tmp_path, "--db", str(cli_demo), "--format", "html", "-o", str(page))
    assert done.returncode == 0, done.stderr
    script = """JSON.stringify({
      teams: [...document.querySelectorAll('section.team')].map(s => ({
        name: s.querySelector('h2').textContent,
        charts: s.querySelectorAll('svg.team-chart').length,
        drawn: [...s.querySelectorAll('svg.team-chart path.line')].filter(p => p.getTotalLength() > 0).length,
        width: s.querySelector('svg.team-chart').getBoundingClientRect().width})),
      scripts: document.scripts.length,
      forecast: document.querySelectorAll('svg line.forecast').length})"""
    value, screenshot, requested = await open_in_chromium(page.as_uri(), script)
    seen = json.loads(value)
    assert [t["name"] for t in seen["teams"]] == ["公司", "客服", "業務", "行銷"]
    assert all(t["charts"] == 1 and t["drawn"] >= 1 and t["width"] > 300 for t in seen["teams"])
    assert seen["scripts"] == 0 and seen["forecast"] >= 4  # each team's dashed forecast, and the company's
    (tmp_path / "report.png").write_bytes(screenshot)  # kept with the test's files for a look
    assert not png_is_blank(screenshot)
    assert requested == [page.as_uri()]  # the page itself and nothing else: no font, no script, no image
