"""The door of `okrtui serve`, in process (aiohttp's test client) with a stand-in app that speaks
textual-serve's protocol and reports its terminal size: each attack of issue 16 item 2 is refused."""

from __future__ import annotations

import asyncio
import logging
import re
import shlex
import sys
from contextlib import asynccontextmanager

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from okrtui.cli.serve import ServeError, access_rules
from okrtui.web.access import Access, AccessError, checked_host, clamp_size, default_names, read_token
from okrtui.web.server import HideTokens, OkrServer

# Stands in for `python -m okrtui`: says it is ready as a Textual app does, then answers with
# its terminal size (at start and on every resize) and echoes keys; ends on textual-serve's quit.
STAND_IN = r"""
import json, os, sys
out, keys = sys.stdout.buffer, sys.stdin.buffer
def send(text):
    data = text.encode()
    out.write(b"D" + len(data).to_bytes(4, "big") + data); out.flush()
out.write(b"__GANGLION__\n"); out.flush()
send("size %sx%s" % (os.environ["COLUMNS"], os.environ["ROWS"]))
while len(head := keys.read(5)) == 5:
    body = keys.read(int.from_bytes(head[1:], "big"))
    if head[:1] == b"D":
        send("keys " + body.decode())
        continue
    meta = json.loads(body)
    if meta["type"] == "quit":
        break
    if meta["type"] == "resize":
        send("size %sx%s" % (meta["width"], meta["height"]))
"""
COMMAND = shlex.join([sys.executable, "-c", STAND_IN])
TOKEN = "s3cret-token-for-tests-0123456789"
COOKIE = "okrtui_token_8000"


@asynccontextmanager
async def serving(token: str | None = None, names: set[str] | None = None, max_sessions: int = 8):
    access = Access(names=names or default_names("127.0.0.1"), token=token, cookie=COOKIE)
    server = OkrServer(COMMAND, host="127.0.0.1", port=8000, access=access, max_sessions=max_sessions)
    async with TestClient(TestServer(await server._make_app(), host="127.0.0.1")) as client:
        yield client, server


def origin(client: TestClient) -> str:
    return f"http://127.0.0.1:{client.port}"


async def said(ws, wanted: str, timeout: float = 10.0) -> str:
    """The stand-in's next message that starts with `wanted`."""
    async with asyncio.timeout(timeout):
        while True:
            message = await ws.receive()
            assert message.type == aiohttp.WSMsgType.BINARY, message
            if message.data.decode().startswith(wanted):
                return message.data.decode()


async def refused(client: TestClient, path: str = "/ws", **headers: str) -> int:
    with pytest.raises(aiohttp.WSServerHandshakeError) as error:
        await client.ws_connect(path, headers=headers)
    return error.value.status


# ---- Host and Origin -----------------------------------------------------------------------------

async def test_a_websocket_from_a_foreign_origin_is_refused():
    async with serving() as (client, server):
        assert await refused(client, Origin="http://evil.example") == 403
        assert await refused(client, Origin="http://evil.example:8000") == 403
        assert await refused(client, Origin="null") == 403  # a sandboxed frame or a file page
        assert await refused(client) == 403  # no Origin: not a page of ours
        assert server.sessions == 0
        async with client.ws_connect("/ws", headers={"Origin": origin(client)}) as ws:  # our own page
            assert await said(ws, "size") == "size 80x24"


async def test_a_dns_rebinding_page_is_refused_although_its_host_and_origin_agree():
    async with serving() as (client, _server):
        rebinding = {"Host": f"evil.example:{client.port}", "Origin": f"http://evil.example:{client.port}"}
        assert await refused(client, **rebinding) == 421
        page = await client.get("/", headers={"Host": "evil.example"})
        assert page.status == 421 and "--allow-host" in await page.text()
        assert (await client.get("/static/js/textual.js", headers={"Host": "evil.example"})).status == 421


async def test_allow_host_adds_a_proxy_name_and_its_page_speaks_wss_behind_tls():
    names = default_names("127.0.0.1") | {checked_host("OKR.example.com.")}
    async with serving(names=names) as (client, _server):
        page = await client.get("/", headers={"Host": "okr.example.com", "X-Forwarded-Proto": "https"})
        assert page.status == 200
        assert 'data-session-websocket-url="wss://okr.example.com/ws"' in await page.text()
        proxied = {"Host": "okr.example.com", "Origin": "https://okr.example.com"}
        async with client.ws_connect("/ws", headers=proxied) as ws:
            assert await said(ws, "size")


# ---- the token of an editing server ----------------------------------------------------------------

async def test_editing_needs_the_token_cookie_and_the_printed_address_sets_it():
    async with serving(token=TOKEN) as (client, _server):
        ours = {"Origin": origin(client)}
        assert await refused(client, **ours) == 403  # right Origin, no cookie
        assert (await client.get("/")).status == 403
        assert (await client.get("/download/any-key")).status == 403
        wrong = await client.get("/?token=nope", allow_redirects=False)
        assert wrong.status == 403 and COOKIE not in wrong.cookies

        signed = await client.get(f"/?fontsize=20&token={TOKEN}", allow_redirects=False)
        assert signed.status == 303 and signed.headers["Location"] == "/?fontsize=20"  # the token leaves the URL
        cookie = signed.headers["Set-Cookie"]
        assert cookie.startswith(f"{COOKIE}={TOKEN};")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie

        assert (await client.get("/?fontsize=20")).status == 200  # the client keeps the cookie
        async with client.ws_connect("/ws", headers=ours) as ws:
            assert await said(ws, "size")
        client.session.cookie_jar.clear()
        assert await refused(client, **ours, Cookie=f"{COOKIE}={TOKEN[:-1]}x") == 403
        assert await refused(client, Origin="http://evil.example", Cookie=f"{COOKIE}={TOKEN}") == 403


async def test_a_read_only_server_needs_no_token():
    async with serving() as (client, _server):
        assert (await client.get("/")).status == 200
        assert "Set-Cookie" not in (await client.get(f"/?token={TOKEN}")).headers


def test_the_token_never_reaches_the_logs():
    record = logging.LogRecord("aiohttp.access", logging.INFO, "", 0, '"GET /?fontsize=9&token=%s HTTP/1.1" 303',
                               (TOKEN,), None)
    HideTokens().filter(record)
    assert TOKEN not in record.getMessage() and "token=…" in record.getMessage()
    assert TOKEN not in repr(Access(names=set(), token=TOKEN))
    server = OkrServer(COMMAND, host="127.0.0.1", port=8000, access=Access(token=TOKEN))
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        root.handlers[:] = []  # as in `okrtui serve`, where textual-serve's handler is the only one
        server.initialize_logging()
        rich = [h for h in root.handlers if hasattr(h, "tracebacks_show_locals")]
        assert rich and not any(h.tracebacks_show_locals for h in rich)
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        logging.getLogger("aiohttp.access").filters.clear()


# ---- sessions and sizes ----------------------------------------------------------------------------

async def test_past_the_session_cap_the_page_and_the_websocket_say_so():
    async with serving(max_sessions=1) as (client, server):
        ours = {"Origin": origin(client)}
        first = await client.ws_connect("/ws", headers=ours)
        await said(first, "size")
        assert await refused(client, **ours) == 503
        page = await client.get("/")
        assert page.status == 503 and "All 1 sessions of this screen are in use" in await page.text()
        await first.close()
        async with asyncio.timeout(10):
            while server.sessions:  # the place is free once the app process has ended
                await asyncio.sleep(0.05)
        async with client.ws_connect("/ws", headers=ours) as again:
            assert await said(again, "size")


async def test_an_oversized_terminal_is_clamped_at_start_and_on_resize():
    async with serving() as (client, _server):
        async with client.ws_connect("/ws?width=3000&height=3000", headers={"Origin": origin(client)}) as ws:
            assert await said(ws, "size") == "size 400x200"
            await ws.send_str("not json")  # ignored, the session goes on
            await ws.send_json(["resize", {"width": 10**9, "height": "lots"}])
            assert await said(ws, "size") == "size 400x24"
            await ws.send_json(["resize", {"width": 120, "height": 40}])
            assert await said(ws, "size") == "size 120x40"
            await ws.send_json(["stdin", "q"])
            assert await said(ws, "keys") == "keys q"
    assert clamp_size("-5", None) == (1, 24) and clamp_size(3000.7, 1e308) == (400, 200)


# ---- the page -----------------------------------------------------------------------------------------

async def test_the_page_loads_nothing_from_outside_this_server():
    async with serving() as (client, _server):
        page = await client.get("/")
        html = await page.text()
        here = origin(client)
        addresses = re.findall(r"""(?:https?|wss?):?//[^"'\s)<>]+""", html)
        assert addresses and all(a.startswith((here, f"ws://127.0.0.1:{client.port}")) for a in addresses), addresses
        assert "fonts.googleapis" not in html
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]  # the browser enforces it too
        assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
        assert not re.search(r"""(?:src|href|url)\(?=?["']?//""", html)  # nor a scheme-relative one
        fonts = re.findall(r'url\("([^"]+\.ttf)"\)', html)
        assert fonts and all(font.startswith("/static/") for font in fonts)
        for font in fonts:
            assert (await client.get(font)).status == 200
        for asset in ("/static/css/xterm.css", "/static/js/textual.js"):
            body = await (await client.get(asset)).text()
            assert not re.search(r"""(?:url\(|src=|href=|fetch\()["']?https?://""", body), asset
        assert (await client.get("/static/")).status in (403, 404)  # no folder listing


# ---- the rules themselves ----------------------------------------------------------------------------

def test_default_names_and_allow_host_values(tmp_path):
    assert default_names("127.0.0.1") == {"localhost", "127.0.0.1", "::1"}
    assert "okr.lan" in default_names("okr.lan")
    assert checked_host("[::1]") == "::1" and checked_host("Okr.Example.com") == "okr.example.com"
    for bad in ("http://okr.example.com", "okr.example.com:8000", "a/b", ""):
        with pytest.raises(AccessError):
            checked_host(bad)


def test_token_file_rules(tmp_path):
    short = tmp_path / "short"
    short.write_text("abc\n")
    with pytest.raises(AccessError, match="at least 16"):
        read_token(short)
    with pytest.raises(AccessError, match="cannot read"):
        read_token(tmp_path / "missing")
    good = tmp_path / "token"
    good.write_text(TOKEN + "\n")
    assert read_token(good) == TOKEN
    assert access_rules("127.0.0.1", 8000, allow_edit=True, token_file=good).token == TOKEN
    assert len(access_rules("127.0.0.1", 8000, allow_edit=True).token or "") >= 40  # a new one each start
    assert access_rules("127.0.0.1", 8000).token is None
    with pytest.raises(ServeError, match="only for --allow-edit"):
        access_rules("127.0.0.1", 8000, token_file=good)


def test_bad_access_options_are_one_line_and_exit_2(cli_demo, run, tmp_path):
    token = tmp_path / "token"
    token.write_text("short\n")
    for args, words in ((["--allow-host", "http://x.example/"], "--allow-host takes a name"),
                        (["--token-file", str(token)], "only for --allow-edit"),
                        (["--allow-edit", "--token-file", str(token)], "at least 16"),
                        (["--max-sessions", "0"], "--max-sessions")):
        done = run("serve", "--db", str(cli_demo), *args)
        assert done.returncode == 2 and words in done.stderr, (args, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
