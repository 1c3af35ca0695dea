"""`okrtui serve`: loopback by default, an HTTP page, the URL printed, a taken port in one line,
and a real headless Chromium that runs the app over the websocket."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.chromium import CHROMIUM, chromium_page, png_is_blank
from tests.processes import free_port, stop

from okrtui.cli.serve import app_command, public_url


def get(url: str, timeout: float = 10.0) -> str:
    """GET with a bounded retry loop while the server starts."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextmanager
def serving(db: Path, *args: str):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "okrtui", "serve", "--db", str(db), "--port", str(port), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "COLUMNS": "120"},
    )
    try:
        yield process, port
    finally:
        stop(process, timeout=10)


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on `port`, from /proc/net/tcp (Linux)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            local, _remote, state = row.split()[1:4]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


@pytest.mark.slow
def test_serves_an_http_page_on_loopback_by_default_and_prints_the_url(cli_demo):
    with serving(cli_demo) as (process, port):
        page = get(f"http://127.0.0.1:{port}/")
        assert f"ws://127.0.0.1:{port}/ws" in page  # the page's websocket follows the address used
        if Path("/proc/net/tcp").exists():
            assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1 only, no other interface
        line = process.stdout.readline()
        assert line.strip() == f"okrtui: serving standup, read-only, at http://127.0.0.1:{port}/ (Ctrl+C stops)"


@pytest.mark.slow
def test_a_taken_port_is_one_clear_line(cli_demo, run):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run("serve", "--db", str(cli_demo), "--port", str(port))
    assert done.returncode == 2
    assert done.stderr.strip() == (f"okrtui: port {port} on 127.0.0.1 is already in use; "
                                   "choose another with --port")
    assert "Traceback" not in done.stderr


def test_bad_options_are_refused_before_serving(cli_demo, run):
    bad_host = run("serve", "--db", str(cli_demo), "--host", "no-such-host.invalid", "--port", str(free_port()))
    assert bad_host.returncode == 2 and "no such address" in bad_host.stderr
    assert run("serve", "--db", str(cli_demo), "--mode", "nope").returncode == 2
    slow = run("standup", "--db", str(cli_demo), "--rotate", "0")
    assert slow.returncode == 2 and "--rotate" in slow.stderr and "Traceback" not in slow.stderr


def test_the_served_command_is_this_python_on_this_database(tmp_path):
    command = app_command(tmp_path / "my okr.json", "standup", rotate=10, team="客服")
    assert shlex.split(command)[:2] == ["OKRTUI_READ_ONLY=1", sys.executable]  # each tab's app: read-only
    assert shlex.split(app_command(tmp_path / "x.json", "plan", read_only=False))[0] == sys.executable
    assert shlex.split(command)[-6:] == [str(tmp_path / "my okr.json"), "standup", "--rotate", "10", "--team", "客服"]
    assert app_command(tmp_path / "x.json", "plan", rotate=10).endswith(" plan")
    assert public_url("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert public_url("::1", 8000) == "http://[::1]:8000/"


def test_quick_commands_never_import_textual_serve(cli_demo):
    probe = ("import sys; from okrtui.cli.main import main\n"
             "try:\n    main(['--db', sys.argv[1], 'list'])\nexcept SystemExit:\n    pass\n"
             "print(any(m.startswith(('textual', 'textual_serve')) for m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe, str(cli_demo)], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().endswith("False"), done.stdout + done.stderr


# ---- a real browser ------------------------------------------------------------------------------

async def browse(url: str, wanted: list[str], timeout: float = 30.0) -> tuple[str, bytes, list[str]]:
    """Open `url` in headless Chromium; return the app's text seen on the websocket, a screenshot
    and every address the page asked for."""
    received: list[str] = []
    requested: list[str] = []

    def note(message: dict) -> None:
        if message.get("method") == "Network.requestWillBeSent":
            requested.append(message["params"]["request"]["url"])
        elif message.get("method") == "Network.webSocketCreated":
            requested.append(message["params"]["url"])
        if message.get("method") == "Network.webSocketFrameReceived":
            response = message["params"]["response"]
            data = response["payloadData"]
            if response.get("opcode") == 2:  # binary: the app's terminal output
                data = base64.b64decode(data).decode("utf-8", "replace")
            received.append(data)

    async with chromium_page(1280, 800, timeout, note) as page:
        await page.call("Network.enable")
        await page.call("Page.enable")
        await page.call("Page.navigate", url=url)
        while not all(any(w in chunk for chunk in received) for w in wanted):
            if time.monotonic() > page.deadline:
                break
            try:
                note(await page.receive(1.0))
            except asyncio.TimeoutError:
                pass
        await asyncio.sleep(1.0)  # let the terminal paint what arrived
        shot = await page.call("Page.captureScreenshot", format="png")
        return "".join(received), base64.b64decode(shot["data"]), requested


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)")
async def test_a_real_browser_runs_the_standup_over_the_websocket(cli_demo):
    with serving(cli_demo) as (process, port):
        get(f"http://127.0.0.1:{port}/")
        text, screenshot, requested = await browse(f"http://127.0.0.1:{port}/", ["Needs attention", "Standup"])
    assert "Needs attention" in text and "Standup" in text  # the standup screen, drawn by the app process
    assert not png_is_blank(screenshot)
    # Nothing from the internet (a TV may have no way out): fonts, scripts and the socket are all ours.
    ours = (f"http://127.0.0.1:{port}/", f"ws://127.0.0.1:{port}/")
    assert [u for u in requested if not u.startswith(ours) and not u.startswith("data:")] == []
    assert any(u.endswith(".ttf") for u in requested) and any(u.startswith(ours[1]) for u in requested)


# ---- the issue's attack, over a real websocket ----------------------------------------------------

ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


async def drive(port: int, steps: list[tuple[str, str]], cookie: str | None = None) -> str:
    """Open the app's websocket as a page of this server would, and press keys: each step sends a key
    once the text before it is on screen (or after 3 s); returns all the text seen."""
    import aiohttp

    headers = {"Origin": f"http://127.0.0.1:{port}", **({"Cookie": cookie} if cookie else {})}
    seen = ""
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(f"http://127.0.0.1:{port}/ws?width=100&height=30", headers=headers) as ws:
            for wanted, key in steps:
                deadline = time.monotonic() + (20 if not seen else 3)
                while wanted not in ANSI.sub("", seen) and time.monotonic() < deadline:
                    try:
                        message = await ws.receive(timeout=0.5)
                    except asyncio.TimeoutError:
                        continue
                    if message.type == aiohttp.WSMsgType.BINARY:
                        seen += message.data.decode("utf-8", "replace")
                if key:
                    await ws.send_json(["stdin", key])
    return ANSI.sub("", seen)


ATTACK = [("Needs attention", "1"), ("O1", "d"), ("Delete objective", "y"), ("__never__", "")]


@pytest.mark.slow
async def test_the_served_board_refuses_the_issue_attack_and_an_editing_server_with_its_token_allows_it(cli_demo):
    before = cli_demo.read_bytes()
    objectives = len(json.loads(before)["objectives"])
    with serving(cli_demo) as (process, port):
        get(f"http://127.0.0.1:{port}/")
        seen = await drive(port, ATTACK)  # standup, `1` plan, `d` delete, `y` yes: as in issue 16
    assert "Delete objective" in seen and "read-only" in seen  # the keys arrived; the write was refused
    assert cli_demo.read_bytes() == before

    with serving(cli_demo, "--allow-edit") as (process, port):
        token = re.search(r"\?token=(\S+)", process.stdout.readline()).group(1)
        get(f"http://127.0.0.1:{port}/static/css/xterm.css")  # started
        await drive(port, ATTACK, cookie=f"okrtui_token_{port}={token}")
    assert len(json.loads(cli_demo.read_text())["objectives"]) == objectives - 1  # the same keys, allowed


# ---- a TV: 1920×1080 ------------------------------------------------------------------------------

# xterm.js keeps the terminal in a closure; this catches the page's terminal object as its
# constructor assigns `fitAddon` (a setter on Object.prototype, for this test page only).
CATCH_TERMINAL = """Object.defineProperty(Object.prototype, "fitAddon", {configurable: true, set(value) {
  window.okrtuiTerminal = this;
  Object.defineProperty(this, "fitAddon", {value, writable: true, configurable: true, enumerable: true});
}});"""
# Every row as a list of cells ("" for the second half of a wide character), and the geometry.
READ_TERMINAL = """(() => { const t = window.okrtuiTerminal && window.okrtuiTerminal.terminal;
  if (!t) return null;
  const buffer = t.buffer.active, rows = [];
  for (let y = 0; y < t.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y), cells = [];
    for (let x = 0; x < t.cols; x++) cells.push(line.getCell(x).getChars() || (line.getCell(x).getWidth() ? " " : ""));
    rows.push(cells);
  }
  const box = t.element.querySelector(".xterm-screen").getBoundingClientRect();
  return JSON.stringify({font: Number(t.options.fontSize), top: box.top, height: box.height,
                         page: window.innerHeight, rows});
})()"""


async def terminal_at(url: str, width: int, height: int, wanted: str, timeout: float = 40.0) -> dict:
    """Open `url` in headless Chromium on a width×height screen; the terminal's cells once `wanted`
    is on it and two readings a second apart agree (the app redraws after it learns its size)."""
    async with chromium_page(width, height, timeout) as page:
        await page.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                        mobile=False)
        await page.call("Page.enable")
        await page.call("Page.addScriptToEvaluateOnNewDocument", source=CATCH_TERMINAL)
        await page.call("Page.navigate", url=url)
        last = None
        while time.monotonic() < page.deadline:
            await asyncio.sleep(1.0)
            found = (await page.call("Runtime.evaluate", expression=READ_TERMINAL, returnByValue=True))
            value = found.get("result", {}).get("value")
            if value and value == last:
                board = json.loads(value)
                if any(wanted in "".join(cells) for cells in board["rows"]):
                    return board
            last = value
        raise AssertionError(f"the terminal never showed {wanted!r} steadily: {last and last[:2000]}")


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)")
async def test_on_a_1920x1080_screen_the_standup_fills_the_page_in_larger_type_with_whole_titles(cli_demo):
    data = json.loads(cli_demo.read_text())
    with serving(cli_demo) as (process, port):
        get(f"http://127.0.0.1:{port}/")
        board = await terminal_at(f"http://127.0.0.1:{port}/", 1920, 1080, "Needs attention")
    rows = board["rows"]
    lines = ["".join(cells) for cells in rows]
    assert board["font"] > 16  # larger than textual-serve's 16 px, as the room allows
    # The lists' column starts where its border does; the teams' column is everything left of it.
    since = next(row for row in rows if "Since" in "".join(row))
    side = next(x for x in range(len(since)) if "".join(since[x:x + 5]) == "Since") - 2
    last = max(y for y, cells in enumerate(rows[:-1]) if "".join(cells[:side]).strip())  # above the footer
    bottom = board["top"] + (last + 1) * board["height"] / len(rows)
    assert bottom >= 0.9 * board["page"], (bottom, board["page"], "\n".join(lines))
    # Every title the teams' column names is whole: after "#7 " comes all of KR 7's title, after "O4 "
    # all of O4's; since the demo grew to 15 KRs, a long KR title beside its values may end in "…"
    # after at least two thirds of it. (The lists beside the column shorten titles the same way.)
    titles = {f"#{i}": kr["title"] for i, kr in data["key_results"].items()}
    titles |= {f"O{i}": o["title"] for i, o in data["objectives"].items()}
    named = 0
    for line in ("".join(cells[:side]) for cells in rows):
        for match in re.finditer(r"(#\d+|O\d+) (?:[⌛⇄Σ] )*", line):
            if match.group(1) in titles:
                named += 1
                rest, title = line[match.end():], titles[match.group(1)]
                if match.group(1).startswith("O") or rest.startswith(title):
                    assert rest.startswith(title), line  # an objective's title always whole
                else:  # a long KR title beside its values may be shortened, visibly, never cut silently
                    shown = rest.split("…", 1)[0]
                    assert "…" in rest and title.startswith(shown) and len(shown) >= len(title) * 2 // 3, line
    assert named >= 8  # at least the first page's two teams: 公司's O1 and #10-12, 客服's O4 and #7-9


def test_serve_takes_a_theme_and_a_font_size_and_passes_them_on(cli_demo, run, monkeypatch):
    from click.testing import CliRunner

    import okrtui.cli.serve
    from okrtui.cli.main import cli

    given = {}
    monkeypatch.setattr(okrtui.cli.serve, "serve_app", lambda path, **options: given.update(options))
    done = CliRunner().invoke(cli, ["serve", "--db", str(cli_demo), "--theme", "okrtui-light", "--font-size", "24"])
    assert done.exit_code == 0, done.output
    assert given["theme"] == "okrtui-light" and given["font_size"] == 24
    assert shlex.split(app_command(cli_demo, "standup", theme="okrtui-light"))[-3:] == ["--theme", "okrtui-light",
                                                                                        "standup"]
    unknown = run("serve", "--db", str(cli_demo), "--theme", "nope", "--port", str(free_port()))
    assert unknown.returncode == 2 and "there is no theme 'nope'" in unknown.stderr


async def test_the_page_sizes_its_type_unless_a_size_is_asked_for():
    from aiohttp.test_utils import TestClient, TestServer

    from okrtui.cli.serve import access_rules
    from okrtui.web.server import OkrServer, page_font_size

    assert page_font_size(None, None) is None and page_font_size(None, 22) == 22
    assert page_font_size("30", 22) == 30 and page_font_size("x", 22) == 22 and page_font_size("999", None) == 64
    for font_size, query, wanted in ((None, "", 'data-font-auto="1"'), (22, "", 'data-font-size="22"'),
                                     (22, "?fontsize=12", 'data-font-size="12"')):
        server = OkrServer("true", host="127.0.0.1", port=8000, access=access_rules("127.0.0.1", 8000),
                           font_size=font_size)
        async with TestClient(TestServer(await server._make_app(), host="127.0.0.1")) as client:
            page = await (await client.get(f"/{query}")).text()
        assert wanted in page
        assert ('data-font-auto="1"' in page) == (wanted == 'data-font-auto="1"')
