"""Jobs of the alerts stage (Huey; ADR 0003, ADR 0047)."""

import logging

from huey.contrib.djhuey import db_task

from .assessment import assessment_recompute

log = logging.getLogger(__name__)


@db_task(retries=3, retry_delay=5)
def assessment_after_change(at, trigger: str) -> int:
    """plan S3.2: store the district assessment in its history after an alert was raised or
    escalated by a report. Runs after the report's transaction committed, so it counts the new
    alert. Pages and the API do not wait for it: they grade the open alerts when read (ADR 0055)."""
    return assessment_recompute(at=at, trigger=trigger).pk


def assessment_enqueue(at, trigger: str) -> None:
    """on_commit hook of alert_raise_or_escalate: never fail the request that already committed.
    A lost entry leaves a gap in the stored history only; the grade shown is computed from the
    record (ADR 0055)."""
    try:
        assessment_after_change(at, trigger)
    except Exception:  # why: the report and alert are committed; the assessment is derived data
        log.exception("could not enqueue the district assessment (%s)", trigger)
