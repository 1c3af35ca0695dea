"""What the coach says about an objective, a key result or a quarter: one finding, its level and
where it points. Its own module so that the coach and the OKR-vs-KPI lens both build on it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning", "hint"]


@dataclass(frozen=True)
class Finding:
    level: Level
    code: str
    message: str
    item: str  # "objective 3", "key result 12", "team 業務 in 2026-Q4"
    objective_id: int | None = None
    kr_id: int | None = None

    def as_dict(self) -> dict:
        return {
            "level": self.level,
            "code": self.code,
            "message": self.message,
            "item": self.item,
            "objective_id": self.objective_id,
            "kr_id": self.kr_id,
        }
