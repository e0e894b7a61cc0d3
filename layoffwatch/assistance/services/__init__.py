"""Writes of assistance (plan S2.2, S4.2–S4.6), one module per section: people (`workers`),
一人一策 plans and measures (`plans`), unemployment insurance (`benefits`), vacancies,
referrals and placements (`vacancies`), job fairs (`fairs`), training (`training`) and 一企一策
enterprise support (`support`); what they share is in `common`. Every change is audited;
refusals are audited "rejected" or "denied" outside the rolled-back transaction
(audit.refusals.guarded) and leave nothing behind.

Callers import from here (`from layoffwatch.assistance.services import worker_create`), never
from a section module, so that a service may move between sections. A test that replaces a
service replaces it where it is looked up: a caller outside the package looks it up here, a
service calling another (fair_result → placement_record) in the calling section's module.
"""

from .benefits import contribution_months_from_feed, ui_check
from .common import (
    NOT_IN_SCOPE_PERSON,
    REGISTERED_ELSEWHERE,
    audit_change,
    require_enterprise_scope,
)
from .fairs import fair_create, fair_invite, fair_result
from .plans import (
    follow_up_reminders,
    measure_add,
    measure_outcome_set,
    plan_adviser_set,
    plan_close,
)
from .support import support_item_add, support_plan_create, support_plan_decide
from .training import course_create, enrol, enrolment_complete
from .vacancies import (
    VACANCY_FIELDS,
    placement_record,
    referral_create,
    referral_outcome_set,
    vacancies_import,
    vacancy_create,
)
from .workers import (
    DIRECT_STATUSES,
    EDITABLE,
    worker_create,
    worker_status_set,
    worker_update,
    workers_from_report,
)

__all__ = [
    # shared with rights and credit
    "audit_change",
    "require_enterprise_scope",
    "NOT_IN_SCOPE_PERSON",
    "REGISTERED_ELSEWHERE",
    # people
    "DIRECT_STATUSES",
    "EDITABLE",
    "worker_create",
    "worker_status_set",
    "worker_update",
    "workers_from_report",
    # 一人一策 plans
    "follow_up_reminders",
    "measure_add",
    "measure_outcome_set",
    "plan_adviser_set",
    "plan_close",
    # unemployment insurance
    "contribution_months_from_feed",
    "ui_check",
    # vacancies, referrals, placements
    "VACANCY_FIELDS",
    "placement_record",
    "referral_create",
    "referral_outcome_set",
    "vacancies_import",
    "vacancy_create",
    # job fairs
    "fair_create",
    "fair_invite",
    "fair_result",
    # training
    "course_create",
    "enrol",
    "enrolment_complete",
    # 一企一策
    "support_item_add",
    "support_plan_create",
    "support_plan_decide",
]
