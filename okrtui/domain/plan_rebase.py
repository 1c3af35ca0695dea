"""Editing again on top of someone else's changes: a three-way merge of plan texts (base, mine, theirs), field by field."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from okrtui.domain.plan_text import KeyResultText, ObjectiveText, PlanText




def _aligned(o: ObjectiveText) -> tuple:
    """What it aligns to, as the text says it: an objective, a key result, or nothing."""
    if o.parent_kr_tag is not None or o.parent_kr_title:
        return "#", o.parent_kr_tag if o.parent_kr_tag is not None else o.parent_kr_title
    return "O", o.parent_tag if o.parent_tag is not None else o.parent_title


def _objective_values(o: ObjectiveText) -> dict[str, Any]:
    return {"title": o.title, "team": o.team, "owner": o.owner, "commitment": o.commitment, "state": o.state,
            "aligned": _aligned(o), "description": o.description, "cadence": o.cadence, "level": o.level}


def _objective_with(o: ObjectiveText, values: dict[str, Any], parent: ObjectiveText) -> ObjectiveText:
    """A copy of `o` with `values`; the alignment as `parent` (mine or theirs) writes it."""
    return replace(o, title=values["title"], team=values["team"], owner=values["owner"], commitment=values["commitment"],
                   state=values["state"], description=values["description"], cadence=values["cadence"],
                   level=values["level"], parent_tag=parent.parent_tag, parent_title=parent.parent_title,
                   parent_kr_tag=parent.parent_kr_tag, parent_kr_title=parent.parent_kr_title, key_results=[])


@dataclass
class Overlap:
    """A record both the file and someone else changed since the file was written."""

    kind: str  # "O" or "#"
    tag: int
    fields: list[str]  # the fields both changed, to different values; empty: one side deleted it
    deleted_by_them: bool = False


def _merge(mine: dict, base: dict, theirs: dict) -> tuple[dict, list[str]]:
    merged, both = {}, []
    for name in mine:
        merged[name] = mine[name] if mine[name] != base[name] else theirs[name]
        if mine[name] != base[name] and theirs[name] != base[name] and mine[name] != theirs[name]:
            both.append(name)
    return merged, both


def rebase_plan(base: PlanText, mine: PlanText, theirs: PlanText) -> tuple[PlanText, list[Overlap]]:
    """The file's edits (`mine`, made to `base`) on top of the database as it is now (`theirs`):
    what only they changed comes from theirs, what I changed stays mine, and where we both changed
    a field, mine is kept and the overlap is returned to be shown at its line. A record they
    deleted is left out (named when I had changed it); one I deleted that they changed comes back."""
    base_o = {o.tag: o for o in base.objectives if o.tag is not None}
    theirs_o = {o.tag: o for o in theirs.objectives if o.tag is not None}
    base_k = {k.tag: k for o in base.objectives for k in o.key_results if k.tag is not None}
    theirs_k = {k.tag: k for o in theirs.objectives for k in o.key_results if k.tag is not None}
    overlaps: list[Overlap] = []
    merged = PlanText(mine.quarter, theirs.database_id, mine.team)
    placed_o: set[int] = set()
    placed_k: set[int] = set()

    def theirs_changed_kr(tag: int) -> bool:
        return tag in theirs_k and theirs_k[tag].fields() != base_k[tag].fields()

    for mo in mine.objectives:
        if mo.tag is None or mo.tag not in base_o:
            out = replace(mo, key_results=[])
        elif mo.tag not in theirs_o:
            if _objective_values(mo) != _objective_values(base_o[mo.tag]):
                overlaps.append(Overlap("O", mo.tag, [], deleted_by_them=True))
            continue
        else:
            b, t = base_o[mo.tag], theirs_o[mo.tag]
            values, both = _merge(_objective_values(mo), _objective_values(b), _objective_values(t))
            aligned_by_me = _objective_values(mo)["aligned"] != _objective_values(b)["aligned"]
            out = _objective_with(mo, values, mo if aligned_by_me else t)
            if both:
                overlaps.append(Overlap("O", mo.tag, both))
            placed_o.add(mo.tag)
        for mk in mo.key_results:
            if mk.tag is None or mk.tag not in base_k:
                out.key_results.append(KeyResultText(**{**mk.__dict__}))
                continue
            if mk.tag not in theirs_k:
                if mk.fields() != base_k[mk.tag].fields():
                    overlaps.append(Overlap("#", mk.tag, [], deleted_by_them=True))
                continue
            values, both = _merge(mk.fields(), base_k[mk.tag].fields(), theirs_k[mk.tag].fields())
            out.key_results.append(KeyResultText(mk.line, mk.tag, **values, initiatives=mk.initiatives))
            placed_k.add(mk.tag)
            if both:
                overlaps.append(Overlap("#", mk.tag, both))
        merged.objectives.append(out)

    mine_titles = {(o.team, o.title) for o in merged.objectives}
    by_tag = {o.tag: o for o in merged.objectives if o.tag is not None}
    for to in theirs.objectives:
        if to.tag in placed_o:
            target = by_tag[to.tag]
        elif to.tag not in base_o or _objective_values(to) != _objective_values(base_o[to.tag]) or any(
                k.tag not in base_k or theirs_changed_kr(k.tag) for k in to.key_results if k.tag is not None):
            # Added by them, or deleted by me and changed by them since: it stays, with its KRs.
            if (to.team, to.title) in mine_titles and to.tag not in base_o:
                continue
            target = replace(to, key_results=[])
            merged.objectives.append(target)
            if to.tag in base_o:
                overlaps.append(Overlap("O", to.tag, []))
            target.key_results = [KeyResultText(**{**k.__dict__}) for k in to.key_results if k.tag not in placed_k]
            continue
        else:
            continue  # deleted by me, untouched by them
        titles = {k.title for k in target.key_results}
        for tk in to.key_results:
            if tk.tag in placed_k or tk.tag is None:
                continue
            if tk.tag not in base_k and tk.title not in titles:
                target.key_results.append(KeyResultText(**{**tk.__dict__}))  # added by them
            elif tk.tag in base_k and theirs_changed_kr(tk.tag):
                target.key_results.append(KeyResultText(**{**tk.__dict__}))  # deleted by me, changed by them
                overlaps.append(Overlap("#", tk.tag, []))
    return merged, overlaps
