"""Who may use a served screen: the names the server answers to, the token of an editing server,
and the limits of a visitor's terminal. Plain functions, no web framework, so they are tested alone.

A browser sends any Host a DNS name points at us, and a page from a DNS-rebinding site sends its own
name as both Host and Origin; so both are checked against names chosen when the server started,
never against each other.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import socket
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from okrtui.i18n import _

WILDCARDS = ("0.0.0.0", "::", "")
LOOPBACK = ("localhost", "127.0.0.1", "::1")
MAX_COLUMNS, MAX_ROWS = 400, 200  # one tab asking for 3000×3000 cells took 213 MB
MIN_TOKEN = 16


class AccessError(ValueError):
    """A bad --allow-host or --token-file; one sentence."""


def normal_name(name: str) -> str:
    """Compare names as DNS does: case-insensitive, a trailing dot ignored, IPv6 without brackets."""
    name = name.strip().lower().rstrip(".")
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    try:
        return str(ipaddress.ip_address(name))  # one spelling per address (::0001 is ::1)
    except ValueError:
        return name


def checked_host(name: str) -> str:
    """An --allow-host value: a bare name or address, no scheme, port or path."""
    plain = normal_name(name)
    if not plain or any(c in plain for c in "/@?# ") or (":" in plain and not _is_ip(plain)):
        raise AccessError(_("--allow-host takes a name or an address, like okr.example.com; got '{name}'").format(
            name=name))
    return plain


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def default_names(host: str) -> set[str]:
    """The names the server was started for, and loopback."""
    names = {normal_name(n) for n in LOOPBACK}
    if host in WILDCARDS:
        names |= {normal_name(socket.gethostname()), normal_name(socket.getfqdn())}
    else:
        names.add(normal_name(host))
    return names


def host_of(header: str | None) -> str | None:
    """The name in a Host header ("name:port", "[::1]:8000"), or None when it has none."""
    if not header:
        return None
    try:
        name = urlsplit("//" + header).hostname
    except ValueError:
        return None
    return normal_name(name) if name else None


def origin_host(origin: str | None) -> str | None:
    """The name of a web Origin ("https://okr.example.com"); None for "null", a file page or nothing."""
    if not origin:
        return None
    try:
        parts = urlsplit(origin)
        name = parts.hostname
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not name:
        return None
    return normal_name(name)


def arrival_names(sockname: object) -> set[str]:
    """The address a connection arrived on: a visitor who typed our IP is at us, whatever DNS says."""
    if not isinstance(sockname, tuple) or not sockname:
        return set()
    try:
        address = ipaddress.ip_address(str(sockname[0]).split("%")[0])
    except ValueError:
        return set()
    names = {str(address)}
    mapped = getattr(address, "ipv4_mapped", None)  # a dual-stack socket sees ::ffff:192.0.2.1
    if mapped is not None:
        names.add(str(mapped))
    return names


def clamp_size(width: object, height: object) -> tuple[int, int]:
    """A visitor's terminal size within 1..400 × 1..200; anything not a number is 80×24."""

    def number(value: object, default: int, top: int) -> int:
        try:
            return max(1, min(int(value), top))  # type: ignore[call-overload]
        except (TypeError, ValueError, OverflowError):
            return default

    return number(width, 80, MAX_COLUMNS), number(height, 24, MAX_ROWS)


@dataclass
class Access:
    """The rules of one server."""

    names: set[str] = field(default_factory=set)
    token: str | None = field(default=None, repr=False)  # set: editing, with this token; never logged
    cookie: str = "okrtui_token"

    def host_allowed(self, header: str | None, sockname: object = None) -> bool:
        name = host_of(header)
        return name is not None and name in self.names | arrival_names(sockname)

    def origin_allowed(self, origin: str | None, sockname: object = None) -> bool:
        name = origin_host(origin)
        return name is not None and name in self.names | arrival_names(sockname)

    def token_matches(self, given: str | None) -> bool:
        if self.token is None:
            return True
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())


def new_token() -> str:
    return secrets.token_urlsafe(32)


def read_token(path: Path) -> str:
    """--token-file: the first line of a private file, at least 16 characters."""
    try:
        text = Path(path).expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise AccessError(_("cannot read the token file {path}: {reason}").format(path=path, reason=reason)) from None
    token = (text.splitlines() or [""])[0].strip()
    if len(token) < MIN_TOKEN or not token.isascii() or not token.isprintable():
        raise AccessError(_("the token file {path} must hold one line of at least {n} printable ASCII characters; "
                            "make one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'").format(
            path=path, n=MIN_TOKEN))
    return token
