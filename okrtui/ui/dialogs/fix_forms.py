"""The detail view's small forms: a comment written or edited, a mistaken check-in corrected.

Each checks its input by the domain's rules (the Comment model, the check-in value rule) and is
dismissed with the list id of what it is about; the opener reads `values` and writes them through
the app's file worker, so a refusal there (someone else's, deleted meanwhile) is a notice."""

from __future__ import annotations

from typing import Any

from textual.widget import Widget

from okrtui.domain.inputs import UnlikelyValue, parse_checkin_value, parse_confidence
from okrtui.domain.models import CheckIn, Comment, KeyResult
from okrtui.domain.validation import InvalidInput, build
from okrtui.domain.numbers import format_number
from okrtui.i18n import _
from okrtui.ui.dialogs.forms import FormScreen, field_input


class CommentForm(FormScreen):
    """A new comment on an objective or KR (`comment` None), or the text of one's own comment."""

    WHOLE_ITEM_FIELD = "text"

    def __init__(self, heading: str, comment: Comment | None = None):
        super().__init__()
        self.heading, self.comment = heading, comment
        self.values_saved: dict[str, Any] = {}

    def build_fields(self) -> list[tuple[str, str, Widget]]:
        text = self.comment.text if self.comment else ""
        return [("text", _("Comment"), field_input(text, _("what you think, what is in the way"), id="comment-text"))]

    def submit(self, values: dict[str, Any]) -> str:
        text = values["text"]
        # The model's rules for a comment's text (required, length, no control characters).
        build(Comment, {"target_kind": "objective", "target_id": 0, "at": "2000-01-01T00:00:00Z", "text": text})
        self.values_saved = {"text": text}
        return f"c{self.comment.id}" if self.comment else "c"


class CheckinFixForm(FormScreen):
    """A check-in's value, confidence and note, as it should have been."""

    WHOLE_ITEM_FIELD = "value"

    def __init__(self, kr: KeyResult, checkin: CheckIn):
        super().__init__()
        self.kr, self.checkin = kr, checkin
        self.heading = _("Correct check-in {id} of #{kr} {title}").format(id=checkin.id, kr=kr.id, title=kr.title)
        self.values_saved: dict[str, Any] = {}
        self._confirmed: str | None = None  # an unlikely value saved anyway when saved again unchanged

    def build_fields(self) -> list[tuple[str, str, Widget]]:
        c = self.checkin
        confidence = "" if c.confidence is None else str(c.confidence)
        return [
            ("value", _("Value"), field_input(format_number(c.value).replace(",", ""), _("a number"), id="fix-value")),
            ("confidence", _("Confidence"), field_input(confidence, _("0–10, or empty"), id="fix-confidence")),
            ("note", _("Note"), field_input(c.note, _("optional"), id="fix-note")),
        ]

    def submit(self, values: dict[str, Any]) -> str:
        text = values["value"]
        force = text == self._confirmed
        try:
            value = parse_checkin_value(self.kr, text, force=force)
        except UnlikelyValue as error:
            self._confirmed = text
            raise InvalidInput([("value", "; ".join(m for _f, m in error.problems) + " "
                                 + _("Save again to record it anyway."))]) from None
        confidence = parse_confidence(values["confidence"])
        build(CheckIn, {**self.checkin.model_dump(), "value": value, "note": values["note"]})  # the note's rules
        self.values_saved = {"value": value if value != self.checkin.value else None,
                             "confidence": confidence if confidence != self.checkin.confidence else None,
                             "note": values["note"] if values["note"] != self.checkin.note else None, "force": force}
        return f"i{self.checkin.id}"
