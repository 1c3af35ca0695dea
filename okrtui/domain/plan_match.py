"""The one matching step of a plan file's lines (objectives, key results, initiatives): a line tagged
with a record of the database the file names is that record; any other line is the first record of
its parent with the same title that no earlier line took; else it is new. Said once, for all three."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Generic, Hashable, Iterable, Protocol, TypeVar


class Line(Protocol):
    line: int
    tag: int | None
    title: str


class Record(Protocol):
    @property
    def id(self) -> int | None: ...

    @property
    def title(self) -> str: ...


R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class LineWords:
    """What matching says about one kind of line, translated: `twice` formats {first} (the earlier
    line's number); `missing` and `tag_twice` format {id} (the tag's)."""

    twice: str
    missing: str
    tag_twice: str


def match_line(entry: Line, key: Hashable, seen: dict, *, tagged: Callable[[int], R | None] | None,
               candidates: Iterable[R], used: set[int], words: LineWords,
               problems: list[tuple[int, str]], elsewhere: Callable[[R], str | None] = lambda record: None) -> R | None:
    """The record `entry` names, or None when it is new; problems go to `problems` with the line.

    `key` is the line's natural key under its parent, remembered in `seen` to catch a line given
    twice; `tagged` finds a record by tag (None when the file is another database's: tags are
    ignored then); `candidates` lists the parent's records (none when the parent is new); `used`
    holds the ids earlier lines took; `elsewhere` says why a tagged record is out of the file's reach."""
    if key in seen:
        problems.append((entry.line, words.twice.format(first=seen[key])))
    seen[key] = entry.line
    found: R | None = None
    if tagged is not None and entry.tag is not None:
        found = tagged(entry.tag)
        why = elsewhere(found) if found is not None else None
        if found is None:
            problems.append((entry.line, words.missing.format(id=entry.tag)))
        elif why:
            problems.append((entry.line, why))
            found = None
        elif found.id in used:
            problems.append((entry.line, words.tag_twice.format(id=entry.tag)))
            found = None
    else:
        found = next((r for r in candidates if r.title == entry.title and r.id not in used), None)
    if found is not None and found.id is not None:
        used.add(found.id)
    return found


def find_link(tag: int | None, title: str, *, file_tags: list[int | None], file_titles: list[str],
              file_records: list[R | None], tagged: Callable[[int], R | None] | None,
              records: Iterable[R]) -> tuple[int | None, int | None] | None:
    """What an `aligned:` names: (id, None) for a record of the database, (None, index) for a new
    line of the file, None for nothing. A line of the file first (by its tag, then by a title the
    file has once), then the database (by tag when the file is its own, else a title it has once)."""
    target = next((i for i, t in enumerate(file_tags) if t == tag), None) if tag is not None else None
    if target is None and title:
        titled = [i for i, t in enumerate(file_titles) if t == title]
        target = titled[0] if len(titled) == 1 else None
    if target is not None:
        record = file_records[target]
        return (record.id, None) if record is not None else (None, target)
    if tagged is not None and tag is not None and tagged(tag) is not None:
        return tag, None
    named = [r for r in records if r.title == title] if title else []
    return (named[0].id, None) if len(named) == 1 else None


def changed_fields(before: object | None, record: object, names: Iterable[str]) -> list[tuple[str, object, object]]:
    """(field, before, after) for each named field a line changes in its record; none for a new one."""
    if before is None:
        return []
    return [(name, getattr(before, name), getattr(record, name)) for name in names
            if getattr(before, name) != getattr(record, name)]


E = TypeVar("E")
M = TypeVar("M")


@dataclass
class LinePlan(Generic[E, M]):
    """A line of the plan file and what it makes of its record: `record` validated, `before` the
    record it matched (None: new); `changed` lists the `FIELDS` it changes."""

    entry: E
    record: M
    before: M | None
    FIELDS: ClassVar[tuple[str, ...]] = ()

    @property
    def changed(self) -> list[tuple[str, Any, Any]]:
        return changed_fields(self.before, self.record, self.FIELDS)
