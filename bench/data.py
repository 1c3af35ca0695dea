"""Deterministic synthetic databases for the benchmark: S (the demo), M and L.

The raw TinyDB dicts are built directly (no repository calls), written once with the
storage's own encoder, and validated once with Repository(path).load(with_archive=True).
Files are cached under bench/out/ keyed by size, generator version and quarter, so a
rerun in the same quarter reuses them. The content is a pure function of (size, day).

  S   the demo (okrtui.storage.demo.install_demo), moved to the current quarter
  M   30 teams, 100 objectives, 400 KRs, 13 check-ins per KR, 10 KPIs; one quarter
  L   100 teams x 16 quarters ending with the current one: 300 objectives and 1,200 KRs a
      quarter (19,200 KRs), 13 check-ins per KR (249,600), 50 KPIs with weekly readings.
      As a real team would have it: the 15 past quarters closed and archived, so the
      database file holds the current quarter and the KPIs, `<db>.archive.json` the rest
      (schema 2+: meta.archived lists them, meta.id_floor keeps new ids above the archive's)
  Lu  the same records, unarchived: all 16 quarters in the one file (for information:
      what the archive decision saves)
  XL  a 10,000-person company (issue 21): 1,000 teams, 3,000 objectives and 12,000 KRs a
      quarter, 13 check-ins per KR (156,000 in the open quarter), 500 KPIs; 16 closed quarters
      archived before the open one. Full run only; its archive (2.5 million check-ins) is
      written but not validated when generated (the same generator's L archive is).

Every quarter has 13 check-ins per KR: weekly in closed quarters, spread evenly from
the quarter's start to today in the current one (so the size does not depend on the day).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date, datetime, time as dtime, timedelta, timezone
from pathlib import Path

from okrtui.domain.models import SCHEMA_VERSION
from okrtui.domain.clock import system_clock
from okrtui.domain.quarter import Quarter
from okrtui.storage.files import atomic_write, encode
from okrtui.storage.tables import ARCHIVE_APP

VERSION = 3  # 3: schema 4 files (2: schema 3), L archived (Lu: the same, unarchived)
OUT = Path(__file__).resolve().parent / "out"
SIZES = ("S", "M", "L")
ALL_SIZES = ("S", "M", "L", "Lu", "XL")
CHECKINS_PER_KR = 13


@dataclass(frozen=True)
class Spec:
    teams: int
    quarters: int
    objectives_per_quarter: int
    krs_per_objective: int
    kpis: int


SPECS = {
    "M": Spec(teams=30, quarters=1, objectives_per_quarter=100, krs_per_objective=4, kpis=10),
    "L": Spec(teams=100, quarters=16, objectives_per_quarter=300, krs_per_objective=4, kpis=50),
}
SPECS["Lu"] = SPECS["L"]
SPECS["XL"] = Spec(teams=1000, quarters=17, objectives_per_quarter=3000, krs_per_objective=4, kpis=500)

_TEAM_WORDS = ["業務", "行銷", "客服", "Platform", "Data", "Mobile", "財務", "人資", "Growth", "Infra", "設計", "法務"]
_OBJECTIVE_WORDS = [
    "提升客戶滿意度", "Make onboarding delightful", "拓展新市場", "Build a reliable platform",
    "打造卓越的服務體驗", "Become the team others rely on", "提升品牌知名度", "Ship faster with confidence",
]
_KR_WORDS = [
    ("weekly active users", "users"), ("月營收", "萬元"), ("p95 latency", "ms"), ("客戶滿意度", "%"),
    ("signed customers", "家"), ("open incidents", "件"), ("NPS", "points"), ("網站流量", "次瀏覽/月"),
]
_NOTES = ["", "", "", "on track", "新增兩家簽約", "blocked on review", "等待回應", "shipped v2", "👍 good week [ok]"]
_PEOPLE = ["王小明", "林美玲", "陳大同", "Alice", "Bob", "張志豪", "Chen Wei", "李佳蓉", "吳淑芬", "Dana"]


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _moments(quarter: Quarter, current: Quarter, today: date) -> list[datetime]:
    """The 13 check-in moments of a quarter (weekly; spread up to today in the current one)."""
    start = datetime.combine(quarter.start, dtime(9, 0), tzinfo=timezone.utc)
    if quarter != current:
        return [start + timedelta(weeks=w) for w in range(CHECKINS_PER_KR)]
    anchor = datetime.combine(today, dtime(0, 0), tzinfo=timezone.utc)
    begin = datetime.combine(quarter.start, dtime(0, 0), tzinfo=timezone.utc)
    span = max(anchor - begin, timedelta(0))
    return [begin + span * (i + 1) / (CHECKINS_PER_KR + 1) for i in range(CHECKINS_PER_KR)]


def synthetic(size: str, today: date | None = None) -> dict:
    """The raw TinyDB dict for size M or L (deterministic for a given day)."""
    spec = SPECS[size]
    today = today or system_clock().today()
    rng = random.Random(f"okrtui-bench-{'L' if size == 'Lu' else size}-v{VERSION}")
    current = Quarter.current(today)
    quarters = [current]
    while len(quarters) < spec.quarters:
        quarters.insert(0, quarters[0].previous())
    teams = [f"{_TEAM_WORDS[i % len(_TEAM_WORDS)]} {i + 1:03d}" for i in range(spec.teams)]

    objectives: dict[str, dict] = {}
    key_results: dict[str, dict] = {}
    checkins: dict[str, dict] = {}
    next_objective = next_kr = next_checkin = 1
    for quarter in quarters:
        closed = quarter != current
        label = str(quarter)
        stamps = [_stamp(m) for m in _moments(quarter, current, today)]
        top = next_objective  # the first objective of each quarter is the one others align to
        for n in range(spec.objectives_per_quarter):
            team = teams[n % spec.teams]
            owner = _PEOPLE[rng.randrange(len(_PEOPLE))]
            objectives[str(next_objective)] = {
                "quarter": label,
                "title": f"{_OBJECTIVE_WORDS[n % len(_OBJECTIVE_WORDS)]} ({team} #{n // spec.teams + 1})",
                "description": "" if n % 3 else "對齊公司目標 / aligned with the company goal",
                "team": team,
                "owner": owner,
                "parent_id": top if n and n % 4 == 0 else None,
                "commitment": "committed" if n % 2 else "aspirational",
                "state": "closed" if closed else "active",
                "final_score": round(rng.random(), 2) if closed else None,
                "retrospective": "學到很多 / learned a lot" if closed and n % 5 == 0 else "",
                "met": None,
            }
            for k in range(spec.krs_per_objective):
                kind = ("increase", "increase", "decrease", "at_least", "milestone")[(n + k) % 5]
                words, unit = _KR_WORDS[(n * 7 + k) % len(_KR_WORDS)]
                if kind == "milestone":
                    start, target = 0.0, 1.0
                    values = [0.0] * (CHECKINS_PER_KR - 1) + [float(rng.random() < 0.6)]
                elif kind == "increase":
                    start, target = float(rng.randrange(0, 100)), float(rng.randrange(150, 1000))
                    step = (target - start) / CHECKINS_PER_KR * rng.uniform(0.4, 1.3)
                    values = [round(start + step * (i + 1), 1) for i in range(CHECKINS_PER_KR)]
                elif kind == "decrease":
                    start, target = float(rng.randrange(200, 900)), float(rng.randrange(10, 150))
                    step = (start - target) / CHECKINS_PER_KR * rng.uniform(0.4, 1.3)
                    values = [max(0.0, round(start - step * (i + 1), 1)) for i in range(CHECKINS_PER_KR)]
                else:
                    start, target = float(rng.randrange(60, 90)), 90.0
                    values = [float(min(99, int(start) + i)) for i in range(CHECKINS_PER_KR)]
                kr_owner = _PEOPLE[rng.randrange(len(_PEOPLE))]
                previous_value, previous_confidence = start, 5
                confidence = 5
                for i, value in enumerate(values):
                    confidence = max(0, min(10, confidence + rng.choice((-1, 0, 0, 1))))
                    checkins[str(next_checkin)] = {
                        "kr_id": next_kr,
                        "at": stamps[i],
                        "value": value,
                        "confidence": confidence,
                        "note": _NOTES[rng.randrange(len(_NOTES))],
                        "author": kr_owner,
                        "previous_value": previous_value,
                        "previous_confidence": previous_confidence,
                    }
                    next_checkin += 1
                    previous_value, previous_confidence = value, confidence
                key_results[str(next_kr)] = {
                    "objective_id": next_objective,
                    "title": f"{words} KR{k + 1} of objective {next_objective}",
                    "kind": kind,
                    "unit": "" if kind == "milestone" else unit,
                    "start": start,
                    "target": target,
                    "current": values[-1],
                    "weight": 1.0,
                    "owner": kr_owner,
                    "confidence": confidence,
                    "updated_at": stamps[-1],
                }
                next_kr += 1
            next_objective += 1

    kpis: dict[str, dict] = {}
    all_stamps = [_stamp(m) for q in quarters for m in _moments(q, current, today)]
    for n in range(spec.kpis):
        higher = n % 2 == 0
        target = float(rng.randrange(50, 500))
        value = target * (0.8 if higher else 1.2)
        readings = []
        for stamp in all_stamps:
            value = round(value * rng.uniform(0.97, 1.04 if higher else 1.03), 2)
            readings.append({"at": stamp, "value": value, "note": "", "author": ""})
        kpis[str(n + 1)] = {
            "name": f"KPI {n + 1:02d} {_KR_WORDS[n % len(_KR_WORDS)][0]}",
            "team": teams[n % spec.teams],
            "unit": _KR_WORDS[n % len(_KR_WORDS)][1],
            "direction": "higher_is_better" if higher else "lower_is_better",
            "target": target,
            "current": readings[-1]["value"],
            "watch_band": 0.1,
            "readings": readings,
        }
    return {
        "meta": {"1": {"app": "okrtui", "schema_version": SCHEMA_VERSION, "revision": 0, "standup_at": None,
                       "archived": [], "id_floor": {}}},
        "objectives": objectives,
        "key_results": key_results,
        "checkins": checkins,
        "kpis": kpis,
    }


def split_archive(whole: dict, today: date | None = None) -> tuple[dict, dict]:
    """(live, archive): every quarter before the current one moved to the archive, ids kept,
    in the raw shapes okrtui/storage/archive.py writes."""
    current = str(Quarter.current(today or system_clock().today()))
    moved_objectives = {k for k, o in whole["objectives"].items() if o["quarter"] != current}
    moved_krs = {k for k, kr in whole["key_results"].items() if str(kr["objective_id"]) in moved_objectives}
    moved = {
        "objectives": moved_objectives,
        "key_results": moved_krs,
        "checkins": {k for k, c in whole["checkins"].items() if str(c["kr_id"]) in moved_krs},
    }
    live = {name: dict(table) for name, table in whole.items()}
    archive: dict = {"meta": {"1": {"app": ARCHIVE_APP, "schema_version": SCHEMA_VERSION}}}
    for table, keys in moved.items():
        archive[table] = {k: whole[table][k] for k in keys}
        live[table] = {k: v for k, v in whole[table].items() if k not in keys}
    meta = dict(whole["meta"]["1"])
    meta["archived"] = sorted({whole["objectives"][k]["quarter"] for k in moved_objectives})
    meta["id_floor"] = {table: max(map(int, whole[table]), default=0) for table in moved}
    live["meta"] = {"1": meta}
    return live, archive


def cached_path(size: str, today: date | None = None) -> Path:
    return OUT / f"{size}-v{VERSION}-{Quarter.current(today or system_clock().today())}.json"


def archive_of(path: Path) -> Path:
    """The archive file beside a database (okrtui's naming: okr.json -> okr.archive.json)."""
    return path.with_name(f"{path.stem}.archive{path.suffix or '.json'}")


def database(size: str, *, log=print) -> Path:
    """The cached database file of a size, generated (and validated once) if missing."""
    from okrtui.storage.repository import Repository

    path = cached_path(size)
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    # generated under a temporary name in its own folder, so a half-made cache is never used
    tmp = OUT / f".new-{path.name}"
    tmp.mkdir(parents=True, exist_ok=True)
    new = tmp / "okr.json"
    for stale in tmp.iterdir():
        stale.unlink()
    if size == "S":
        from okrtui.storage.demo import install_demo

        install_demo(new, system_clock())
    elif size in ("L", "XL"):
        live, archive = split_archive(synthetic(size))
        atomic_write(archive_of(new), encode(archive))
        del archive
        atomic_write(new, encode(live))
    else:
        atomic_write(new, encode(synthetic(size)))
    generated = time.perf_counter() - started
    # validate once; raises if the generator is wrong (XL: the live file; its archive is L's rows, more of them)
    workspace = Repository(new).load(with_archive=size != "XL")
    if archive_of(new).exists():
        archive_of(new).replace(archive_of(path))
    new.replace(path)
    tmp.rmdir()
    log(
        f"generated {size}: {len(workspace.objectives)} objectives, {len(workspace.key_results)} KRs, "
        f"{len(workspace.checkins)} check-ins, {len(workspace.kpis)} KPIs, "
        f"{path.stat().st_size / 1e6:.1f} MB (+ archive {archive_of(path).stat().st_size / 1e6 if archive_of(path).exists() else 0:.1f} MB) "
        f"in {generated:.1f} s, validated in {time.perf_counter() - started - generated:.1f} s"
    )
    return path


def current_kr(path: Path) -> tuple[int, str]:
    """An 'increase' KR of the current quarter in a database file: (id, kind)."""
    import json

    data = json.loads(path.read_bytes())
    label = str(Quarter.current(system_clock().today()))
    active = {int(k) for k, o in data["objectives"].items() if o["quarter"] == label and o["state"] == "active"}
    candidates = [int(k) for k, kr in data["key_results"].items() if kr["objective_id"] in active and kr["kind"] == "increase"]
    if not candidates:
        raise SystemExit(f"{path}: no 'increase' KR in the current quarter")
    return candidates[len(candidates) // 2], "increase"
