"""Writes of response cases (plan S5.0–S5.3, S6.2): open and escalate with the policy's procedure,
complete steps and annex tasks, record filings and major problems, close, the written report,
and the daily escalation of overdue work.

Keyword-only, typed, transactional; every change appends a CaseEvent and an audit entry
(`common.case_event`). A refused action raises ValidationError or PermissionDenied and is audited
after its transaction has rolled back (`audit.refusals.guarded`), so nothing changed but the
trace survives.

One module per section, imported from here by every caller outside the package:

- `opening`: open and escalate a case with its alert, follow the alert's status (ADR 0045, 0088)
- `procedure`: a level's steps and annex tasks with their deadlines
- `steps`, `annex`: complete a step; measures, deadlines, completion and notes of annex tasks
- `filings`: reports and filings sent out
- `problems`: major problems and their short reports
- `closure`: what lifting needs, and closing the case (ADR 0053)
- `written_report`: edit and sign the written report (ADR 0054)
- `overdue`: the daily escalation of overdue work
- `exports`: the alert list as a spreadsheet
- `common`: the event of each change, the open-case check, links and names
"""

from .annex import case_measures_choose, task_complete, task_due_set, task_note_add
from .closure import OPENED_AFTER_LIFTING, case_closure_check
from .common import ISSUING_UNIT, RECIPIENT, SECTION_NAMES, case_link
from .exports import alerts_export
from .filings import FREE_FILING_KINDS, STEP_FILING_KIND, filing_record, filing_record_other
from .opening import (
    case_on_alert_status,
    case_open_for_alert,
    case_open_or_escalate,
    cases_catch_up,
)
from .overdue import overdue_escalate, responsible_leaders, section_heads
from .problems import problem_report
from .steps import step_complete
from .written_report import written_report_sign, written_report_update

__all__ = [
    "FREE_FILING_KINDS",
    "ISSUING_UNIT",
    "OPENED_AFTER_LIFTING",
    "RECIPIENT",
    "SECTION_NAMES",
    "STEP_FILING_KIND",
    "alerts_export",
    "case_closure_check",
    "case_link",
    "case_measures_choose",
    "case_on_alert_status",
    "case_open_for_alert",
    "case_open_or_escalate",
    "cases_catch_up",
    "filing_record",
    "filing_record_other",
    "overdue_escalate",
    "problem_report",
    "responsible_leaders",
    "section_heads",
    "step_complete",
    "task_complete",
    "task_due_set",
    "task_note_add",
    "written_report_sign",
    "written_report_update",
]
