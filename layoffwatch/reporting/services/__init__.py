"""Writes of direct reports (plan S3.1.1–S3.1.2, S3.2), one module per section:

- `layoffs`: layoff reports — validate, store, grade and raise the alert in one transaction
  (through `reporting.hooks`, ADR 0090); withdrawal by staff;
- `monthly`: monthly employment reports; `bulk_upload`: many of them from the XLSX template;
- `corrections`: a new version of a report, and who may make one (ADR 0049, 0083);
- `rosters`: the affected workers a layoff report carries;
- `findings`: missing-report findings, raised by monthly reports and closed by layoff reports
  or staff; `reminders`: the monthly reminders (催报);
- `qr_links`: the enterprises' QR links to the public form; `exports`: the report list as XLSX;
- `common`: what they share (the answer to a submission, Idempotency-Key, the rejected entry,
  scope checks, the row lock).

A rejected submission stores nothing; it is audited (action "rejected") after the failed
transaction has rolled back, so that the trace survives. Callers import from here.
"""

from .bulk_upload import may_bulk_upload, monthly_reports_bulk_submit
from .common import NOT_IN_SCOPE, NOT_IN_SCOPE_RECORD, Idempotency, KeyAlreadyUsed, Submitted
from .exports import layoff_reports_export
from .findings import (
    LAYOFF_REPORT_REACH,
    finding_resolve,
    findings_raise,
    month_bounds,
    next_period,
)
from .layoffs import counted_waves, layoff_report_submit, layoff_report_withdraw
from .monthly import monthly_report_submit
from .qr_links import qr_link_create, qr_link_revoke
from .reminders import reminders_send

__all__ = [
    "LAYOFF_REPORT_REACH",
    "NOT_IN_SCOPE",
    "NOT_IN_SCOPE_RECORD",
    "Idempotency",
    "KeyAlreadyUsed",
    "Submitted",
    "counted_waves",
    "finding_resolve",
    "findings_raise",
    "layoff_report_submit",
    "layoff_reports_export",
    "layoff_report_withdraw",
    "may_bulk_upload",
    "month_bounds",
    "monthly_report_submit",
    "monthly_reports_bulk_submit",
    "next_period",
    "qr_link_create",
    "qr_link_revoke",
    "reminders_send",
]
