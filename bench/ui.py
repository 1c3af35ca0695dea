"""The app measures (B2, B3, B5, B6) and what they need from okrtui.ui.

None is implemented yet: each needs something the app does not expose today, and a
row that pretends would be worse than none. `ui_measures()` checks the app each run
and says, for every one of them, what is missing, so RESULTS.md always tells the truth.

What each needs (the contract proposed to the UI owner):
  B2/B3  an environment variable that makes the app exit right after its first frame,
         named by okrtui.ui.app.EXIT_AFTER_FIRST_FRAME_ENV (issue 9 asks for one).
  B5     the check-in panel of update mode (a live bar that follows the value typed).
  B6     standup mode (a real screen that shows other processes' check-ins).
"""

from __future__ import annotations

from bench.harness import Measure


def _mode_is_placeholder(app_class, mode: str) -> bool:
    factory = getattr(app_class, "MODES", {}).get(mode)
    if factory is None:
        return True
    name = getattr(factory, "__name__", "")
    if name == "<lambda>":
        try:
            name = type(factory()).__name__
        except Exception:
            return True
    return name in ("LaterScreen", "")


def ui_measures() -> tuple[list[Measure], list[tuple[str, str]]]:
    """(measures that can run, [(id, why not)] for the rest)."""
    try:
        from okrtui.ui import app as app_module
    except Exception as error:  # the app is optional for the CLI-level measures
        reason = f"okrtui.ui.app cannot be imported ({type(error).__name__}: {error})"
        return [], [(m, reason) for m in ("B2", "B3", "B5", "B6")]
    missing: list[tuple[str, str]] = []
    if not getattr(app_module, "EXIT_AFTER_FIRST_FRAME_ENV", None):
        reason = (
            "okrtui.ui.app has no exit-after-first-frame switch yet (issue 9: an environment variable the "
            "bench sets; proposed: okrtui.ui.app.EXIT_AFTER_FIRST_FRAME_ENV naming it)"
        )
        missing += [("B2", reason), ("B3", reason)]
    app_class = getattr(app_module, "OkrApp", None)
    if app_class is None or _mode_is_placeholder(app_class, "update"):
        missing.append(("B5", "update mode is still a placeholder screen: there is no check-in panel with a live bar"))
    if app_class is None or _mode_is_placeholder(app_class, "standup"):
        missing.append(("B6", "standup mode is still a placeholder screen"))
    # Measures for whatever the app does support get written when it supports it; until then
    # a supported-but-unwritten measure is reported as such rather than silently skipped.
    have = {m for m, _r in missing}
    for m in ("B2", "B3", "B5", "B6"):
        if m not in have:
            missing.append((m, "the app now exposes what this measure needs; the measure is not written yet"))
    return [], sorted(missing)
