"""What a write reads, named before the file is read: on a file the digest cache proves valid,
the store builds only these rows (a check-in at L needs 1 KR of 1,200 and its 13 check-ins of
15,600, not the whole Workspace index). Pure functions of the raw TinyDB dict."""

from __future__ import annotations

from typing import Any

from okrtui.domain.ids import reference_id

OBJECTIVES, KEY_RESULTS, CHECKINS = "objectives", "key_results", "checkins"


def kr_scope(ref: Any):
    """The rows a check-in on the KR named `ref` reads: that KR, its check-ins, and the objectives of
    its quarter (whether the quarter is closed). A reference that is not a KR's id (a title
    fragment) needs every KR and objective to be resolved: then the whole file is read."""
    number = ref if isinstance(ref, int) and not isinstance(ref, bool) else reference_id(str(ref).strip())

    def scope(data: dict) -> dict[str, set[str] | None]:
        krs = data.get(KEY_RESULTS)
        kr = krs.get(str(number)) if isinstance(krs, dict) and number is not None else None
        if not isinstance(kr, dict):
            return {name: None for name in data}
        objectives = data.get(OBJECTIVES) or {}
        objective = objectives.get(str(kr.get("objective_id")))
        quarter = objective.get("quarter") if isinstance(objective, dict) else None
        checkins = data.get(CHECKINS) or {}
        return {
            KEY_RESULTS: {str(number)},
            # only ever applied to a file proven valid: every row is a dict
            OBJECTIVES: {k for k, o in objectives.items() if o["quarter"] == quarter},
            CHECKINS: {k for k, c in checkins.items() if c["kr_id"] == number},
            "teams": None,
        }

    return scope
