"""`okrtui remind`: each owner is sent what they owe, each team lead a summary of the team, through
apprise (Slack, Teams, Discord, e-mail, LINE, Telegram, ntfy… one URL each).

Who gets what comes from `[notify]` in the config.toml of whoever runs it (usually a cron job on the
shared host): `urls` (everyone's default), `[notify.people."NAME"] urls, language` and
`[notify.teams."TEAM"] urls`. A person with no URL of their own gets the default ones; with none at
all, they are unreachable, and their lead's summary says so.

This is the only module that imports apprise, and only when a reminder is sent or shown: the quick
commands never pay for it.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterator

from okrtui.domain.cadence import Owed, by_owner, team_settings
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _, current_language, ngettext, set_language
from okrtui.present.rhythm_text import checkin_command, owed_line, owner_name


class NotifyMissing(RuntimeError):
    """apprise is not installed."""


def load_apprise() -> Any:
    try:
        import apprise
    except ImportError:
        raise NotifyMissing(_("sending reminders needs apprise, which is not installed; install it with: "
                              "pip install 'okrtui[notify]'")) from None
    return apprise


@dataclass
class Message:
    to: str  # who: a person ("王小明") or a team's lead
    urls: list[str]
    language: str
    title: str
    body: str


@dataclass
class Plan:
    messages: list[Message] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)  # people with owed check-ins and no URL


@contextmanager
def speaking(language: str) -> Iterator[None]:
    before = current_language()
    set_language(language)
    try:
        yield
    finally:
        set_language(before)


def _person(notify: Any, name: str) -> Any:
    return (notify.people or {}).get(name) if notify is not None else None


def urls_of(notify: Any, name: str) -> list[str]:
    person = _person(notify, name)
    if person is not None and person.urls:
        return list(person.urls)
    return list(notify.urls) if notify is not None else []


def language_of(notify: Any, name: str, default: str) -> str:
    person = _person(notify, name)
    return person.language if person is not None and person.language else default


def owner_message(owner: str, items: list[Owed], now: datetime) -> tuple[str, str]:
    title = ngettext("okrtui: you owe {n} check-in", "okrtui: you owe {n} check-ins", len(items)).format(n=len(items))
    lines = [_("Hello {name}, these key results are waiting for your check-in:").format(name=owner_name(owner))]
    for item in items:
        lines.append("- " + owed_line(item, now))
        lines.append("  " + checkin_command(item))
    return title, "\n".join(lines)


def lead_message(team: str, groups: dict[str, list[Owed]], unreachable: list[str], now: datetime) -> tuple[str, str]:
    total = sum(len(items) for items in groups.values())
    title = ngettext("okrtui: team {team} owes {n} check-in", "okrtui: team {team} owes {n} check-ins",
                     total).format(team=team, n=total)
    lines: list[str] = []
    for owner, items in groups.items():
        lines.append(ngettext("{owner}: {n} check-in", "{owner}: {n} check-ins", len(items)).format(
            owner=owner_name(owner), n=len(items)))
        lines += ["- " + owed_line(item, now) for item in items]
    if unreachable:
        lines.append(_("Not reminded (no notify URL in config.toml): {names}").format(
            names=", ".join(owner_name(n) for n in unreachable)))
    return title, "\n".join(lines)


def plan_reminders(workspace: Workspace, owed: list[Owed], notify: Any, now: datetime,
                   default_language: str) -> Plan:
    """Who is sent what: each owner their own list, each team's lead the team's summary."""
    plan = Plan()
    for owner, items in by_owner(owed).items():
        urls = urls_of(notify, owner) if owner else []
        if not urls:
            plan.unreachable.append(owner)
            continue
        language = language_of(notify, owner, default_language)
        with speaking(language):
            title, body = owner_message(owner, items, now)
        plan.messages.append(Message(owner_name(owner), urls, language, title, body))
    teams: dict[str, list[Owed]] = {}
    for item in owed:
        teams.setdefault(item.objective.team, []).append(item)
    for team, items in teams.items():
        lead = team_settings(workspace, team).lead
        team_urls = list(notify.teams[team].urls) if notify is not None and team in (notify.teams or {}) else []
        own = _person(notify, lead).urls if lead and _person(notify, lead) is not None else []
        urls = list(own) or team_urls or (urls_of(notify, lead) if lead else [])
        if not urls:
            plan.unreachable.append(_("the lead of {team}").format(team=team) + (f" ({lead})" if lead else ""))
            continue
        language = language_of(notify, lead, default_language) if lead else default_language
        missing = [o for o in by_owner(items) if o in plan.unreachable]
        with speaking(language):
            title, body = lead_message(team, by_owner(items), missing, now)
        plan.messages.append(Message(lead or team, urls, language, title, body))
    return plan


def masked(apprise: Any, url: str) -> str:
    """A URL in apprise's privacy form (secrets hidden); one apprise does not know is shown as such."""
    plugin = apprise.Apprise.instantiate(url)
    if not plugin:
        return _("(not a URL apprise knows: {scheme}…)").format(scheme=url.split("://", 1)[0])
    return plugin.url(privacy=True)


def send(apprise: Any, plan: Plan) -> list[tuple[str, str]]:
    """Send every message to each of its URLs; the failures as (masked URL, recipient)."""
    failures: list[tuple[str, str]] = []
    for message in plan.messages:
        for url in message.urls:
            sender = apprise.Apprise()
            if not sender.add(url) or not sender.notify(title=message.title, body=message.body):
                failures.append((masked(apprise, url), message.to))
    return failures
