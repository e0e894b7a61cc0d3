"""The roster of affected workers a layoff report carries (受影响职工名单, plan S4.2): read from the
attached XLSX (`reporting.roster`), kept by a correction that attaches none, stored with the
report in its transaction."""

from django.core.exceptions import ValidationError

from ..models import AffectedWorker, LayoffReport
from ..roster import parse_roster

ROSTER_FIELDS = ("name", "id_number", "id_hash", "phone", "intention")


def roster_read(roster: bytes | None, data: dict, *, errors: dict) -> list[dict] | None:
    """The attached roster's rows (checked against the planned cut), or None when none is
    attached; its problems go into `errors`."""
    if roster is None:
        return None
    cut = data.get("planned_cut")
    try:
        return parse_roster(roster, planned_cut=cut if isinstance(cut, int) else None)
    except ValidationError as exc:
        # the errors themselves, not their text: each message is said when it is read, in the
        # reader's language on the page and in Chinese in the audit log (ADR 0100)
        errors.update(exc.error_dict)
        return None


def roster_store(
    report: LayoffReport, rows: list[dict] | None, *, corrects: LayoffReport | None
) -> list[dict] | None:
    """Store the roster's rows on the report; a correction without a roster keeps the corrected
    version's. Returns the rows stored."""
    if rows is None and corrects is not None:
        rows = [{name: getattr(w, name) for name in ROSTER_FIELDS} for w in corrects.roster.all()]
    if rows:
        AffectedWorker.objects.bulk_create(
            [AffectedWorker(report=report, **row) for row in rows], batch_size=500
        )
    return rows
