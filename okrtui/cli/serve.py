"""`okrtui serve`: the app in a web browser through textual-serve (a TV in the meeting room).

Each browser tab runs its own `okrtui` process on the same database, so a tab is as live as a
terminal. Read-only unless --allow-edit: each tab's process gets a read-only repository
(OKRTUI_READ_ONLY=1). The web side (allowed names, token, caps) is serve_server.py, imported only
when serving.
"""

from __future__ import annotations

import errno
import shlex
import socket
import sys
from pathlib import Path
from typing import Any

from okrtui.i18n import _
from okrtui.web.access import Access, AccessError, checked_host, default_names, new_token, read_token
from okrtui.storage.store import READ_ONLY_ENV


class ServeError(Exception):
    """A problem the user can fix (a taken port, a host that is not ours); one line, exit 2."""


def app_command(path: Path, mode: str, theme: str | None = None, rotate: float | None = None,
                team: str | None = None, read_only: bool = True) -> str:
    """The shell command textual-serve starts for each browser: this Python, this database."""
    parts = [f"{READ_ONLY_ENV}=1"] if read_only else []  # sh sets it for the app process alone
    parts += [sys.executable, "-m", "okrtui", "--db", str(Path(path).resolve())]
    if theme:
        parts += ["--theme", theme]
    parts.append(mode)
    if mode == "standup" and rotate:
        parts += ["--rotate", f"{rotate:g}"]
    if mode == "standup" and team:
        parts += ["--team", team]
    return shlex.join(parts)


def public_url(host: str, port: int) -> str:
    """The address to open; a wildcard host is shown as this machine's name."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def check_port(host: str, port: int) -> None:
    """Fail early and plainly when the address cannot be listened on (taken, or not ours)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise ServeError(_("cannot serve on '{host}': no such address; try --host 127.0.0.1").format(host=host)) from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        # As the server will: a port in TIME_WAIT after a restart is free to use.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise ServeError(_("port {port} on {host} is already in use; choose another with --port").format(
                    port=port, host=host)) from None
            raise ServeError(_("cannot serve on {host}:{port}: {reason}").format(
                host=host, port=port, reason=error.strerror)) from None


def _server_class() -> Any:
    try:
        from okrtui.web.server import OkrServer
    except ImportError:
        raise ServeError(_("serving needs textual-serve; install it with: pip install 'okrtui[serve]'")) from None
    return OkrServer


def access_rules(host: str, port: int, allow_hosts: tuple[str, ...] = (), allow_edit: bool = False,
                 token_file: Path | None = None) -> Access:
    """The names this server answers to, and the token when editing is allowed."""
    if token_file is not None and not allow_edit:
        raise ServeError(_("--token-file is only for --allow-edit (a read-only screen needs no token)"))
    try:
        names = default_names(host) | {checked_host(name) for name in allow_hosts}
        token = (read_token(token_file) if token_file else new_token()) if allow_edit else None
    except AccessError as error:
        raise ServeError(str(error)) from None
    # One cookie per port: two okrtui servers on one machine do not sign each other's browsers out.
    return Access(names=names, token=token, cookie=f"okrtui_token_{port}")


def serve_app(path: Path, host: str = "127.0.0.1", port: int = 8000, mode: str = "standup",
              theme: str | None = None, rotate: float | None = None, team: str | None = None,
              allow_edit: bool = False, allow_hosts: tuple[str, ...] = (), token_file: Path | None = None,
              max_sessions: int = 8, font_size: int | None = None) -> None:
    from okrtui.storage.repository import Repository

    access = access_rules(host, port, allow_hosts, allow_edit, token_file)
    repo = Repository(path)
    repo.load() if repo.exists() else repo.create()  # an unusable file stops here, in one line
    server_class = _server_class()
    check_port(host, port)
    command = app_command(path, mode, theme, rotate, team, read_only=not allow_edit)
    server = server_class(command, host=host, port=port, access=access, max_sessions=max_sessions,
                          font_size=font_size)
    url = public_url(host, port)
    if not allow_edit:
        line = _("okrtui: serving {mode}, read-only, at {url} (Ctrl+C stops)").format(mode=mode, url=url)
    elif token_file is None:  # printed once, here: the only copy of the token
        line = _("okrtui: serving {mode} with editing; open {url}?token={token} once in each browser "
                 "(Ctrl+C stops)").format(mode=mode, url=url, token=access.token)
    else:
        line = _("okrtui: serving {mode} with editing; open {url}?token=TOKEN once in each browser, "
                 "TOKEN being the first line of {path} (Ctrl+C stops)").format(mode=mode, url=url, path=token_file)
    print(line, flush=True)
    try:
        server.serve()
    except OSError as error:  # lost the race for the port after the check
        raise ServeError(_("cannot serve on {host}:{port}: {reason}").format(
            host=host, port=port, reason=error.strerror or error)) from None
