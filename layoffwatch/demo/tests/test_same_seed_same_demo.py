"""The same seed gives the same demo (ADR 0030): the district the generator plans, and the stories
it tells through the services (reports, alerts, cases, help for the people), row for row.

why golden values: the demo is what the bureau is shown and what the journeys and benchmarks
run on; a refactoring of the generator must not change one row of it. A deliberate change of the
demo updates these values in the same commit and says so in the CHANGELOG."""

import datetime as dt
import hashlib
import json
import zoneinfo

import time_machine
from django.apps import apps

from layoffwatch.demo.generator import build, generate

from .conftest import END

BUILT = dt.datetime(2026, 10, 14, 15, 20, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))

# What generate writes, with the fields a user would see (foreign keys by the enterprise's
# credit code). Left out: codes drawn from `secrets` (correction codes, QR tokens), keyed hashes
# (they depend on the installation's key), primary keys (PostgreSQL's sequences run on across
# tests) and the audit chain's number and position (they depend on the process id, ADR 0046).
STORY_FIELDS = {
    "enterprises.Enterprise": ["uscc", "name", "town_id", "industry_id", "insured_headcount",
                               "is_key_sample", "on_watch_list", "commissioner__username"],
    "enterprises.HeadcountRecord": ["enterprise__uscc", "period", "insured_headcount", "hires",
                                    "separations"],
    "enterprises.DispatchRelation": ["agency__uscc", "user_enterprise__uscc",
                                     "dispatched_headcount", "since"],
    "accounts.User": ["username", "role", "section__code", "town_id", "enterprise__uscc"],
    "reporting.LayoffReport": ["enterprise__uscc", "channel", "submitted_at", "planned_cut",
                               "source_note", "grading"],
    "reporting.MonthlyReport": ["enterprise__uscc", "channel", "submitted_at", "period",
                                "headcount_start", "headcount_end", "hires", "separations",
                                "operating_status"],
    "reporting.MissingReportFinding": ["enterprise__uscc", "period", "count", "status", "raised_at"],
    "reporting.QrLink": ["enterprise__uscc", "created_at"],
    "alerts.Alert": ["enterprise__uscc", "level", "status", "total_in_window", "opened_at",
                     "updated_at", "lifted_at", "lift_reason"],
    "alerts.AlertEvent": ["alert__enterprise__uscc", "at", "kind", "from_status", "to_status",
                          "summary"],
    "alerts.LiftRequest": ["alert__enterprise__uscc", "requested_at", "reason", "decision"],
    "alerts.DistrictAssessment": ["at", "grade", "label", "score"],
    "response.ResponseCase": ["alert__enterprise__uscc", "level", "status", "opened_at",
                              "closed_at"],
    "response.CaseStep": ["case__alert__enterprise__uscc", "level", "key", "due_at", "done_at",
                          "note"],
    "response.CaseTask": ["case__alert__enterprise__uscc", "number", "lead", "opened_at",
                          "due_at", "done_at"],
    "response.TaskNote": ["task__number", "at", "text"],
    "response.Filing": ["case__alert__enterprise__uscc", "kind", "recipient", "sent_at",
                        "due_at", "late"],
    "response.CaseEvent": ["case__alert__enterprise__uscc", "at", "kind", "summary"],
    "response.WrittenReport": ["case__alert__enterprise__uscc", "report_date"],
    "assistance.AffectedWorker": ["name", "occupation", "expected_wage", "status",
                                  "household_code", "zero_employment_family", "hardship",
                                  "ui_eligible", "ui_months", "ui_checked_on", "created_at"],
    "assistance.Measure": ["plan__worker__name", "kind", "date", "outcome", "amount",
                           "recorded_at"],
    "assistance.Vacancy": ["enterprise__uscc", "occupation", "count", "valid_until", "is_gig",
                           "created_at"],
    "assistance.Course": ["name", "starts_on", "ends_on"],
    "assistance.Enrolment": ["worker__name", "status", "certificate"],
    "assistance.EnterpriseSupportPlan": ["enterprise__uscc", "planned_cut", "final_cut",
                                         "status", "decided_at"],
    "rights.RightsCase": ["enterprise__uscc", "kind", "received_at", "filed_at", "closed_at",
                          "amount_owed", "amount_paid", "outcome"],
    "rights.ArrearsPayment": ["case__enterprise__uscc", "paid_on", "amount", "workers"],
    "notifications.Notification": ["recipient__username", "kind", "title", "created_at"],
    "audit.AuditEntry": ["action", "object_type", "actor_label"],  # summaries may name keys
}  # fmt: skip

# (rows, digest of the rows) of seed 2026, 300 enterprises, built at BUILT
WRITTEN = {
    "enterprises.Enterprise": (300, "4cdf9cd9494f8ac0"),
    "enterprises.HeadcountRecord": (7200, "f8699d7c3c81b98c"),
    "enterprises.DispatchRelation": (18, "6994d5d199aebfe1"),
    "accounts.User": (17, "abaec0842e139bd3"),
    "reporting.LayoffReport": (6, "49b4393eed1cf64d"),
    "reporting.MonthlyReport": (12, "8ff885bc933ddb3d"),
    "reporting.MissingReportFinding": (3, "31e82103b69a9be5"),
    "reporting.QrLink": (1, "ab5ecedd2cdf1978"),
    "alerts.Alert": (5, "4230107bf8058441"),
    "alerts.AlertEvent": (14, "0bd131af100ac329"),
    "alerts.LiftRequest": (1, "230bab53ebf3a530"),
    "alerts.DistrictAssessment": (13, "f4dee23d8f54a165"),
    "response.ResponseCase": (5, "0240d751a4845c59"),
    "response.CaseStep": (37, "04b35f82f8a00126"),
    "response.CaseTask": (40, "10e331ae1d8fbe4c"),
    "response.TaskNote": (12, "ac54ba5bc756d53e"),
    "response.Filing": (16, "c2201b28f65a789b"),
    "response.CaseEvent": (52, "ec4510c9da65816e"),
    "response.WrittenReport": (1, "ee1bf02cb82794ec"),
    "assistance.AffectedWorker": (8, "e1d443c6f7543c8d"),
    "assistance.Measure": (10, "d8fe35c17a822189"),
    "assistance.Vacancy": (2, "abd31b018f6af1b8"),
    "assistance.Course": (1, "8e6f1813be0257a6"),
    "assistance.Enrolment": (2, "cf9f53fa9381fa69"),
    "assistance.EnterpriseSupportPlan": (1, "dfb3eb2b31b217e5"),
    "rights.RightsCase": (1, "90ab12647e16b892"),
    "rights.ArrearsPayment": (1, "9dc49c994f920415"),
    "notifications.Notification": (16, "c8f13f55db854d00"),
    "audit.AuditEntry": (138, "8f0492b29bf53e26"),
}


def _digest(rows) -> str:
    text = json.dumps(sorted(rows, key=repr), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def test_the_seed_plans_the_same_district_as_always(reference):
    towns, industries = reference
    plan = build(seed=2026, enterprises=300, end_period=END, towns=towns, industries=industries)

    rows = [sorted(vars(e).items()) for e in plan.enterprises]
    assert _digest(rows) == "c30771cf3dfbf7ea"
    assert _digest(plan.dispatches) == "75cb2746ea50f50e"
    assert _digest(plan.commissioners) == "ab6d5660dc40224c"


def test_the_seed_tells_the_same_stories_as_always(reference_data, lake):
    with time_machine.travel(BUILT, tick=False):
        summary = generate(seed=2026, enterprises=300, now=BUILT)

    del summary["assistance"]["case"]  # a primary key
    assert _digest([summary]) == "bdbb2f93a03f04ab"
    written = {}
    for label, fields in STORY_FIELDS.items():
        rows = list(apps.get_model(label).objects.values_list(*fields))
        written[label] = (len(rows), _digest(rows))
    assert written == WRITTEN
