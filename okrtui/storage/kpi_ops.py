"""The repository's KPIs: added, changed, deleted, and their readings (which check into the KRs a KPI feeds)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tinydb import TinyDB

from okrtui.domain.inputs import check_value, parse_number
from okrtui.domain.kpi_feed import FedCheckIn, Reading, krs_fed_by, krs_to_feed
from okrtui.domain.models import KPI, KPIReading
from okrtui.domain.validation import InvalidInput, build
from okrtui.domain.workspace import Workspace, resolve_kpi
from okrtui.i18n import _
from okrtui.storage.tables import KEY_RESULTS, KPIS
from okrtui.storage.records import Deleted, need, remove_records, row_of
from okrtui.storage.checkin_ops import CheckInOperations

class KPIOperations(CheckInOperations):
    """KPIs and their readings; a reading feeds KRs through CheckInOperations."""

    def kpi_reading_by_reference(self, ref: str, value_text: str, note: str = "", author: str = "") -> Reading:
        """The quick command's reading: the KPI resolved and the value parsed inside the one write,
        which also checks into the KRs the KPI feeds."""

        def change(db: TinyDB, ws: Workspace) -> Reading:
            kpi = resolve_kpi(ws, ref)
            return self._kpi_reading(db, ws, kpi, parse_number(value_text), note, author, self.clock.now())

        return self._write(change, action="reading", on_behalf_of=author)


    def add_kpi(self, **fields: Any) -> KPI:
        candidate = build(KPI, {**fields, "id": None})

        def change(db: TinyDB, ws: Workspace) -> KPI:
            new_id = db.table(KPIS).insert(row_of(candidate))
            return candidate.model_copy(update={"id": new_id})

        return self._write(change, create=True)

    def record_kpi_reading(self, kpi_id: int, value: float, note: str = "", author: str = "",
                           at: datetime | None = None) -> Reading:
        """Append a reading and set the KPI's current value; each KR the KPI feeds (domain/kpi_feed)
        gets a check-in of the same value, author, note and moment, in the same write."""
        moment = at or self.clock.now()

        def change(db: TinyDB, ws: Workspace) -> Reading:
            kpi = need(next((k for k in ws.kpis if k.id == kpi_id), None), _("KPI"), kpi_id)
            return self._kpi_reading(db, ws, kpi, value, note, author, moment)

        return self._write(change, action="reading", on_behalf_of=author)

    def _kpi_reading(self, db: TinyDB, ws: Workspace, kpi: KPI, value: float, note: str, author: str,
                     moment: datetime) -> Reading:
        reading = build(KPIReading, {"at": moment, "value": value, "note": note, "author": author})
        updated = kpi.model_copy(update={"readings": [*kpi.readings, reading], "current": reading.value})
        db.table(KPIS).update(row_of(updated), doc_ids=[kpi.id])
        fed = []
        for kr in krs_to_feed(ws, kpi.id, moment):
            try:
                check_value(kr, reading.value, force=True)
            except InvalidInput as error:
                raise InvalidInput([("value", _("K{kpi} feeds key result #{id}: {problem}").format(
                    kpi=kpi.id, id=kr.id, problem=message)) for _f, message in error.problems]) from None
            checkin, after = self._checkin(db, kr, reading.value, None, note, author, moment)
            fed.append(FedCheckIn(checkin, kr, after, ws.objective(kr.objective_id)))
        return Reading(updated, fed)

    def update_kpi(self, kpi_id: int, **changes: Any) -> KPI:
        def change(db: TinyDB, ws: Workspace) -> KPI:
            kpi = need(next((k for k in ws.kpis if k.id == kpi_id), None), _("KPI"), kpi_id)
            updated = build(KPI, {**kpi.model_dump(), **changes, "id": kpi_id})
            db.table(KPIS).update(row_of(updated), doc_ids=[kpi_id])
            return updated

        return self._write(change)

    def delete_kpi(self, kpi_id: int) -> Deleted:
        def change(db: TinyDB, ws: Workspace) -> Deleted:
            kpi = need(next((k for k in ws.kpis if k.id == kpi_id), None), _("KPI"), kpi_id)
            # The KRs it fed keep their check-ins and are checked in by hand from now on.
            fed = {kr.id or 0: kpi_id for kr in krs_fed_by(ws, kpi_id)}
            if fed:
                db.table(KEY_RESULTS).update({"source_kpi_id": None}, doc_ids=list(fed))
            gone = Deleted(Workspace(kpis=[kpi]), unlinked=fed)
            remove_records(db, gone.records)
            return gone

        return self._write(change)  # a delete: changelog.change_entry tells it by the records removed
