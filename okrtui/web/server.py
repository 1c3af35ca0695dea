"""The web server of `okrtui serve`: textual-serve's, with a door.

textual-serve starts one app process per websocket, for any page of any site that asks, at any
size. This subclass checks the Host of every request and the Origin of every websocket against
the allowed names, asks an editing server's browsers for the token cookie, caps the sessions and
the terminal size, and serves a page that loads nothing from outside this server.
Imported only when serving (aiohttp and textual-serve are the `serve` extra).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from html import escape
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from okrtui.i18n import _, current_language
from okrtui.web.access import Access, clamp_size

log = logging.getLogger("textual-serve")
TEMPLATES = Path(__file__).with_name("templates")
DEFAULT_FONT_SIZE, MIN_FONT_SIZE, MAX_FONT_SIZE = 16, 6, 64  # textual-serve's default, and the bounds
MAX_MESSAGE = 1 << 20  # a paste; textual-serve's aiohttp default is 4 MB
# The browser itself refuses to load or connect anywhere but this server, and to be framed.
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; "
                               "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
                               "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>okrtui</title>
<style>body{{background:#0c181f;color:#eee;font:20px system-ui,sans-serif;margin:3em}}</style></head>
<body><h1>okrtui</h1><p>{message}</p></body></html>
"""


def refusal(status: int, message: str) -> web.Response:
    """A short page that says why, in the interface language."""
    return web.Response(status=status, content_type="text/html", headers={**HEADERS, "Cache-Control": "no-store"},
                        text=PAGE.format(lang=escape(current_language()), message=escape(message)))


class HideTokens(logging.Filter):
    """The access log shows the sign-in request; the token in its address is not written to logs."""

    TOKEN = re.compile(r"([?&]token=)[^&\s\"]*")

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.TOKEN.sub(r"\1…", record.getMessage())
        record.args = None
        return True


def page_font_size(asked: str | None, configured: int | None) -> int | None:
    """The terminal's font size in CSS pixels: the address's ?fontsize=, else --font-size, else None
    (the page chooses from the window's size)."""
    try:
        return max(MIN_FONT_SIZE, min(int(asked), MAX_FONT_SIZE)) if asked is not None else configured
    except ValueError:
        return configured


def is_https(request: web.Request) -> bool:
    """Behind a TLS proxy the page must say wss:// (a lie here only breaks the liar's own page)."""
    return request.secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def sockname(request: web.Request) -> Any:
    return request.transport.get_extra_info("sockname") if request.transport else None


class OkrServer(Server):
    def __init__(self, command: str, *, host: str, port: int, access: Access, max_sessions: int = 8,
                 font_size: int | None = None):
        super().__init__(command, host=host, port=port, title="okrtui", templates_path=TEMPLATES)
        self.access = access
        self.font_size = font_size  # None: the page picks the largest that fits (app_index.html)
        self.max_sessions = max_sessions
        self.sessions = 0  # app processes running now

    def initialize_logging(self) -> None:
        super().initialize_logging()
        logging.getLogger("aiohttp.access").addFilter(HideTokens())
        for handler in logging.getLogger().handlers:  # a traceback's local variables could hold the token
            if hasattr(handler, "tracebacks_show_locals"):
                handler.tracebacks_show_locals = False

    async def _make_app(self) -> web.Application:  # textual-serve's hook that builds the routes
        @web.middleware
        async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
            return await self.guard(request, handler)

        app = web.Application(middlewares=[guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, name="static"),  # no folder listing
        ])
        return app

    # ---- the door --------------------------------------------------------------------------------

    def signed_in(self, request: web.Request) -> bool:
        return self.access.token_matches(request.cookies.get(self.access.cookie))

    async def guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """Every request: a Host we answer to; the websocket and downloads: the token, if any."""
        if not self.access.host_allowed(request.headers.get("Host"), sockname(request)):
            host = request.headers.get("Host", "")[:100]
            return refusal(421, _("This okrtui does not answer to the name '{host}'; whoever started it can "
                                  "allow it with --allow-host.").format(host=host))
        if request.path in ("/ws",) or request.path.startswith("/download/"):
            if not self.signed_in(request):
                return refusal(403, _("This screen allows editing and needs its token: open the address with "
                                      "?token= that okrtui printed when it started."))
        response = await handler(request)
        if not response.prepared:  # a websocket has sent its headers already
            response.headers.update(HEADERS)
        return response

    def full(self) -> web.Response:
        return refusal(503, _("All {n} sessions of this screen are in use; close another tab or try again "
                              "later.").format(n=self.max_sessions))

    # ---- the page ----------------------------------------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if self.access.token is not None:
            given = request.query.get("token")
            if given is not None:
                return self.sign_in(request, given)
            if not self.signed_in(request):
                return refusal(403, _("This screen allows editing and needs its token: open the address with "
                                      "?token= that okrtui printed when it started (if you just did, reload)."))
        if self.sessions >= self.max_sessions:
            return self.full()
        # Files are asked for from wherever the page came from (a proxy may drop the port from
        # Host); the websocket needs a whole address: the one the browser used, an allowed name.
        secure = is_https(request)
        font_size = page_font_size(request.query.get("fontsize"), self.font_size)
        context = {
            "font_size": font_size or DEFAULT_FONT_SIZE,
            "font_auto": font_size is None,
            "app_websocket_url": f"{'wss' if secure else 'ws'}://{request.host}/ws",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
            "language": current_language(),
            "words": {"start": _("Start"), "ended": _("Session ended."), "restart": _("Restart")},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    def sign_in(self, request: web.Request, given: str) -> web.Response:
        """The printed address: set the cookie, then send the browser to the address without the token
        (a token left in the address bar goes into history, bookmarks and proxy logs)."""
        if not self.access.token_matches(given):
            return refusal(403, _("That token is not this screen's; use the address okrtui printed when it started."))
        clean = request.rel_url.with_query([(k, v) for k, v in request.query.items() if k != "token"])
        response = web.Response(status=303, headers={"Location": str(clean), "Cache-Control": "no-store"})
        response.set_cookie(self.access.cookie, given, httponly=True, samesite="Strict", secure=is_https(request),
                            path="/")
        return response

    # ---- a session -----------------------------------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        if not self.access.origin_allowed(request.headers.get("Origin"), sockname(request)):
            return refusal(403, _("A page from another site may not open this screen."))
        if self.sessions >= self.max_sessions:
            return self.full()
        self.sessions += 1  # counted before the first await: two tabs cannot both take the last place
        try:
            return await self.run_session(request)
        finally:
            self.sessions -= 1

    async def run_session(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's session, with the size clamped and malformed messages ignored."""
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        width, height = clamp_size(request.query.get("width", 80), request.query.get("height", 24))
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = AppService(self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                                     close=websocket.close, download_manager=self.download_manager, debug=self.debug)
            await app_service.start(width, height)
            await self.relay(websocket, app_service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one visitor's broken session must not stop the server
            log.exception(error)
        finally:
            if app_service is not None:
                await app_service.stop()  # asks the app to quit and reads its output to the end
                await self.ended(app_service)
        return websocket

    @staticmethod
    async def ended(app_service: AppService) -> None:
        """The place is free only once the process is gone (and its memory with it); one that
        hangs on quit is killed."""
        process = getattr(app_service, "_process", None)  # textual-serve keeps it private
        if process is None:
            return
        try:
            await asyncio.wait_for(process.wait(), 5)
        except asyncio.TimeoutError:
            process.kill()
            await process.wait()

    async def relay(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                await app_service.set_terminal_size(*clamp_size(data.get("width"), data.get("height")))
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()
