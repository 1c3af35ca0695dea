"""The database file's tables: their names, their record models, and the meta record's place."""

from __future__ import annotations

from typing import Callable, TypeAlias

from okrtui.domain.models import KPI, CheckIn, Comment, Initiative, KeyResult, Model, Objective, Team
from okrtui.storage.changelog import COMMENTS, INITIATIVES

OBJECTIVES, KEY_RESULTS, CHECKINS, KPIS, META = "objectives", "key_results", "checkins", "kpis", "meta"
TEAMS = "teams"  # team settings (schema 7); never archived: a team outlives its quarters
TABLE_MODELS: dict[str, type[Model]] = {
    OBJECTIVES: Objective,
    KEY_RESULTS: KeyResult,
    CHECKINS: CheckIn,
    KPIS: KPI,
    COMMENTS: Comment,
    TEAMS: Team,
    INITIATIVES: Initiative,
}
META_ID = 1
ARCHIVE_APP = "okrtui-archive"
# Which rows of each table a write or a view needs built as models (None: all; a set: those keys; a
# dict: these rows instead, by key); tables not named: none. Applies only to a file the digest cache
# proved valid; any other file is validated whole.
Rows: TypeAlias = "set[str] | dict[str, dict] | None"
Scope = Callable[[dict], dict[str, Rows]]
# Tables loaded on first use from a file proven valid: the comments, and the KPIs with their readings
# (110,500 at XL; a first frame shows none). The change log, in a file of its own since schema 11, is
# always read on first use (store_decode).
DEFERRED = (COMMENTS, KPIS)
