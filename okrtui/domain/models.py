"""The data model: objectives, key results, check-ins, KPIs and the database meta record.

Every model is validated on load and on save; validation errors become plain
sentences through `describe_errors` (domain/validation), never pydantic dumps.
"""


import re
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from okrtui.domain.clock import is_zone_name
from okrtui.domain.pydantic_compat import without_plugin_loader
from okrtui.domain.ids import DATABASE_ID_PATTERN, new_database_id
from okrtui.domain.quarter import Quarter, as_utc
from okrtui.i18n import _

KRKind = Literal["increase", "decrease", "at_least", "at_most", "milestone"]
KR_KINDS: tuple[str, ...] = ("increase", "decrease", "at_least", "at_most", "milestone")
Commitment = Literal["aspirational", "committed"]
ObjectiveState = Literal["active", "closed", "dropped"]
# What a team decides for an objective when it closes a quarter (schema 3).
Decision = Literal["achieved", "carry_forward", "modify", "defer", "drop"]
DECISIONS: tuple[str, ...] = ("achieved", "carry_forward", "modify", "defer", "drop")
Direction = Literal["higher_is_better", "lower_is_better"]
# How often a team checks in (schema 5): a KR is stale, and its owner owes a check-in, after that long.
Cadence = Literal["weekly", "biweekly", "monthly"]
CADENCES: tuple[str, ...] = ("weekly", "biweekly", "monthly")
# An initiative's state (schema 8): the work planned to move a KR, never scored.
InitiativeStatus = Literal["todo", "doing", "done"]
INITIATIVE_STATUSES: tuple[str, ...] = ("todo", "doing", "done")
# An ISO week, "2026-W50": when an initiative is due.
ISO_WEEK_PATTERN = r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$"
# How high an objective sits (schema 8): a person's objectives are owned by that person.
ObjectiveLevel = Literal["company", "team", "person"]
OBJECTIVE_LEVELS: tuple[str, ...] = ("company", "team", "person")

TITLE_MAX = 200
NAME_MAX = 80
LONG_TEXT_MAX = 4000

SCHEMA_VERSION = 11

# okrtui uses no pydantic plugin: skip the loader's imports and entry-point scan (~10 ms of a check-in).
without_plugin_loader()


# shared file reaches other people's terminals. Multi-line fields also allow newline and tab.
_NO_CONTROLS = r"^[^\x00-\x1f\x7f-\x9f]*$"
_NO_CONTROLS_MULTILINE = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"


def _text(max_len: int, *, required: bool = False, multiline: bool = False):
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True,
            min_length=1 if required else None,
            max_length=max_len,
            pattern=_NO_CONTROLS_MULTILINE if multiline else _NO_CONTROLS,
        ),
    ]


if TYPE_CHECKING:  # to a type checker each is a str; pydantic reads the constraints at run time
    Title: TypeAlias = str
    Name: TypeAlias = str
    OptionalName: TypeAlias = str
    LongText: TypeAlias = str
else:
    Title = _text(TITLE_MAX, required=True)
    Name = _text(NAME_MAX, required=True)
    OptionalName = _text(NAME_MAX)
    LongText = _text(LONG_TEXT_MAX, multiline=True)
Number = Annotated[float, Field(allow_inf_nan=False)]
# Every time in the file is UTC: a time read with another offset (or none) is turned into UTC once, here.
UtcTime = Annotated[datetime, AfterValidator(as_utc)]


def _empty_list() -> list:
    """A new empty list. A Python function, not `list`: to learn whether a factory takes arguments, pydantic
    asks inspect.signature, which for a builtin compiles the tokenizer's patterns (~1.5 ms of a check-in)."""
    return []


def _empty_dict() -> dict:
    """A new empty dict (see _empty_list)."""
    return {}


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False, str_strip_whitespace=False, defer_build=True)


class Objective(Model):
    id: int | None = None
    quarter: str
    title: Title
    description: LongText = ""
    team: Name
    owner: OptionalName = ""
    parent_id: int | None = None
    commitment: Commitment = "aspirational"
    state: ObjectiveState = "active"
    final_score: float | None = Field(default=None, ge=0.0, le=1.0)
    retrospective: LongText = ""
    # Set when a team says the objective was not met even though its KRs say otherwise.
    met: bool | None = None
    # Closing a quarter (schema 3): the decision, the score the KRs proposed, why the team's
    # score differs from it, why a committed objective fell short, and the answer to the
    # guide's question when every KR is done but the objective is not met.
    decision: Decision | None = None
    proposed_score: float | None = Field(default=None, ge=0.0, le=1.0)
    score_reason: LongText = ""
    shortfall_reason: LongText = ""
    coverage_answer: LongText = ""
    # The objective's own check-in cadence (schema 5); None: its team's.
    cadence: Cadence | None = None
    # Schema 8: its level, and alignment to a key result of a higher objective (the cascade:
    # a company KR becomes a team's objective); an objective aligns to an objective or a KR, not both.
    level: ObjectiveLevel = "team"
    parent_kr_id: int | None = None

    @field_validator("quarter", mode="before")
    @classmethod
    def _quarter(cls, value: object) -> str:
        return str(Quarter.parse(str(value)))

    @model_validator(mode="after")
    def _not_own_parent(self) -> "Objective":
        if self.id is not None and self.parent_id == self.id:
            raise ValueError(_("an objective cannot be aligned to itself"))
        if self.parent_id is not None and self.parent_kr_id is not None:
            raise ValueError(_("an objective aligns to one thing: an objective or a key result, not both"))
        if self.level == "person" and not self.owner:
            raise ValueError(_("a person's objective needs its owner: name the person"))
        return self


class KeyResult(Model):
    id: int | None = None
    objective_id: int
    title: Title
    kind: KRKind = "increase"
    unit: OptionalName = ""
    start: Number = 0.0
    target: Number
    current: Number | None = None
    weight: float = Field(default=1.0, gt=0.0, le=100.0, allow_inf_nan=False)
    owner: OptionalName = ""
    confidence: int = Field(default=5, ge=0, le=10)
    updated_at: UtcTime | None = None
    # The KPI that feeds this KR (schema 8): each reading of it is also a check-in of the KR
    # (domain/kpi_feed). None: checked in by hand only.
    source_kpi_id: int | None = None

    @model_validator(mode="after")
    def _kind_rules(self) -> "KeyResult":
        kind = self.kind
        if kind in ("increase", "decrease") and self.start == self.target:
            raise ValueError(
                _("target must differ from start for an '{kind}' key result").format(kind=kind)
            )
        if kind == "increase" and self.target < self.start:
            raise ValueError(
                _("target must be above start for an 'increase' key result; use 'decrease' to go down")
            )
        if kind == "decrease" and self.target > self.start:
            raise ValueError(
                _("target must be below start for a 'decrease' key result; use 'increase' to go up")
            )
        if kind == "milestone":
            if self.target != 1 or self.start != 0:
                raise ValueError(_("a milestone key result runs from 0 (not done) to 1 (done)"))
            if self.current not in (None, 0, 1):
                raise ValueError(_("a milestone is either done (1) or not done (0)"))
        if self.current is None:
            self.current = self.start
        return self

    @property
    def value(self) -> float:
        return self.start if self.current is None else self.current


class CheckIn(Model):
    id: int | None = None
    kr_id: int
    at: UtcTime
    value: Number
    confidence: int | None = Field(default=None, ge=0, le=10)
    note: LongText = ""
    author: OptionalName = ""
    # The KR's value and confidence before this check-in, so that an undo can put them back.
    previous_value: Number | None = None
    previous_confidence: int | None = None


class Initiative(Model):
    """Work planned to move a key result (schema 8): the guide's point is that KRs measure
    outcomes and initiatives are the work, so an initiative never counts in a score."""

    id: int | None = None
    kr_id: int
    title: Title
    owner: OptionalName = ""
    status: InitiativeStatus = "todo"
    # The ISO week it is due ("2026-W50"); None: no due week.
    due: str | None = None
    # When its status last changed (the standup counts what moved since the last standup).
    status_at: UtcTime | None = None

    @field_validator("due")
    @classmethod
    def _week(cls, value: str | None) -> str | None:
        if value is None or re.match(ISO_WEEK_PATTERN, value):
            return value
        raise ValueError(_("a due week is written like 2026-W50 (year, W, week 01–53)"))


class KPIReading(Model):
    at: UtcTime
    value: Number
    note: LongText = ""
    author: OptionalName = ""


class KPI(Model):
    id: int | None = None
    name: Title
    team: Name
    unit: OptionalName = ""
    direction: Direction = "higher_is_better"
    target: Number
    current: Number | None = None
    watch_band: float = Field(default=0.10, ge=0.0, le=1.0)
    readings: list[KPIReading] = Field(default_factory=_empty_list)


# The change log (schema 5): every write that changes records leaves one Change, in the same
# locked write. `records` holds, per record touched, the fields it had before and has after
# (a created record has no "before", a deleted one no "after").
Action = Literal["create", "edit", "delete", "restore", "checkin", "reading", "comment", "close", "reopen",
                 "import", "undo", "redo"]
ACTIONS: tuple[str, ...] = ("create", "edit", "delete", "restore", "checkin", "reading", "comment", "close",
                            "reopen", "import", "undo", "redo")
RecordKind = Literal["objective", "key_result", "checkin", "kpi", "comment", "initiative"]


class RecordChange(Model):
    kind: RecordKind
    id: int
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class Change(Model):
    id: int | None = None
    at: UtcTime
    # Who made the change (the identity rule: $OKRTUI_USER, config name, login name).
    author: OptionalName = ""
    # When a script names someone else (--author), the person it acted for.
    on_behalf_of: OptionalName = ""
    action: Action
    # The record the change is about (a check-in is about its KR), and its quarter (None: a KPI).
    kind: RecordKind
    record_id: int
    quarter: str | None = None
    objective_ids: list[int] = Field(default_factory=_empty_list)
    kr_ids: list[int] = Field(default_factory=_empty_list)
    kpi_ids: list[int] = Field(default_factory=_empty_list)
    records: list[RecordChange] = Field(default_factory=_empty_list)
    # An undo or redo: the change it reverses or repeats.
    reverts: int | None = None


CommentTarget = Literal["objective", "key_result"]


class Comment(Model):
    id: int | None = None
    target_kind: CommentTarget
    target_id: int
    author: OptionalName = ""
    at: UtcTime
    text: _text(LONG_TEXT_MAX, required=True, multiline=True)  # type: ignore[valid-type]
    edited_at: UtcTime | None = None


class Team(Model):
    """A team's settings, shared by everyone on the database (schema 7): how often it checks in
    and who leads it (the lead gets the team's reminder summary)."""

    id: int | None = None
    name: Name
    cadence: Cadence = "weekly"
    lead: OptionalName = ""


class Meta(Model):
    app: Literal["okrtui"] = "okrtui"
    schema_version: int = SCHEMA_VERSION
    revision: int = 0
    # When the team last marked "standup done"; shared by every session.
    standup_at: datetime | None = None
    # Quarters whose records were moved to the archive file (schema 2).
    archived: list[str] = Field(default_factory=_empty_list)
    # Per table, the highest id ever handed out, so archived ids are never reused (schema 2).
    id_floor: dict[str, int] = Field(default_factory=_empty_dict)
    # The workspace's time zone (IANA name): whose calendar "today", weeks and quarters follow,
    # the same for everyone on the shared host (schema 4). None: the machine's zone.
    timezone: str | None = None
    # The database's own id (schema 6): plan files name it in their header, and their record tags
    # ({O3}, {#12}) mean this database's records only. None only in a file no one opened yet.
    database_id: str | None = Field(default_factory=new_database_id, pattern=DATABASE_ID_PATTERN)
    # The change log's file beside the database (schema 11): how many of its bytes belong to this
    # state of the data (0: no log started). A change's id is the revision its write produced.
    log_size: int = Field(default=0, ge=0)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None and not is_zone_name(value):
            raise ValueError(_("'{name}' is not a time zone; write it like Asia/Taipei or Europe/Berlin").format(name=value))
        return value


