"""Headless Chromium for the tests that look at a page as a user's browser shows it: one way to start
it, talk to its page over the DevTools protocol, and tell a blank screenshot from a drawn one."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import tempfile
import time
import zlib
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import AsyncIterator, Awaitable, Callable

from tests.processes import free_port, stop

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def png_is_blank(png: bytes) -> bool:
    """True when every pixel of an 8-bit RGB(A) PNG has the same colour (no decoder needed)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    offset, idat, header = 8, b"", b""
    while offset < len(png):
        length = int.from_bytes(png[offset:offset + 4], "big")
        kind, body = png[offset + 4:offset + 8], png[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    width, depth, colour = int.from_bytes(header[:4], "big"), header[8], header[9]
    channels = {2: 3, 6: 4}[colour]
    assert depth == 8
    raw = zlib.decompress(idat)
    stride = width * channels + 1
    colours = set()
    previous = bytearray(stride - 1)
    for row in range(len(raw) // stride):  # undo the per-row filters, then collect colours
        kind, line = raw[row * stride], bytearray(raw[row * stride + 1:(row + 1) * stride])
        for i in range(len(line)):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        colours.update(bytes(line[i:i + 3]) for i in range(0, len(line), channels * 7))
        previous = line
        if len(colours) > 2:
            return False
    return True


@dataclass
class DevtoolsPage:
    """Headless Chromium's one page over the DevTools protocol: `call` sends a command and returns its
    result, passing every message read meanwhile to `on_message`; `receive` reads the next event."""

    call: Callable[..., Awaitable[dict]]
    receive: Callable[[float], Awaitable[dict]]
    deadline: float


@asynccontextmanager
async def chromium_page(width: int, height: int, timeout: float,
                        on_message: Callable[[dict], None] = lambda message: None) -> AsyncIterator[DevtoolsPage]:
    """Start headless Chromium on a width×height window (a private profile, removed after) and
    connect to its page; `timeout` bounds both the start and each message awaited."""
    import aiohttp

    profile = tempfile.mkdtemp(prefix="okrtui-chromium-")
    debug_port = free_port()
    browser = subprocess.Popen(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         f"--remote-debugging-port={debug_port}", f"--user-data-dir={profile}", f"--window-size={width},{height}",
         "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        async with aiohttp.ClientSession() as http:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    async with http.get(f"http://127.0.0.1:{debug_port}/json/list") as response:
                        page = next(t for t in await response.json() if t.get("type") == "page")
                    break
                except (aiohttp.ClientError, StopIteration):
                    if time.monotonic() > deadline:
                        raise
                    await asyncio.sleep(0.2)
            async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as devtools:
                ids = iter(range(1, 10_000))

                async def receive(wait: float) -> dict:
                    return json.loads((await devtools.receive(timeout=wait)).data)

                async def call(method: str, **params) -> dict:
                    call_id = next(ids)
                    await devtools.send_json({"id": call_id, "method": method, "params": params})
                    while True:
                        message = await receive(timeout)
                        on_message(message)
                        if message.get("id") == call_id:
                            return message.get("result", {})

                yield DevtoolsPage(call, receive, deadline)
    finally:
        stop(browser, timeout=10)
        shutil.rmtree(profile, ignore_errors=True)
