"""Scope on every write (ADR 0082): each writing service checks the scope of every object it
touches the way reads do; "not there" and "not yours" get the same words; nothing is written and
the refusal is audited; no refusal names what lies outside the scope."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError

from layoffwatch.assistance import services as assistance
from layoffwatch.assistance.models import AffectedWorker, Course
from layoffwatch.audit.models import AuditEntry
from layoffwatch.conftest import GUILIN, ZITONG, make_uscc
from layoffwatch.reference.models import Town
from layoffwatch.testing import people as testing_people
from layoffwatch.testing.people import NOW, id_number

layoff = testing_people.layoff  # the fixture: a layoff report with a roster


def _refusals(user) -> int:
    return AuditEntry.objects.filter(actor_id=user.pk, action__in=["denied", "rejected"]).count()


def _register(people, actor, **kw) -> AffectedWorker:
    values = {"actor": actor, "name": "张三", "id_number": id_number(), "at": NOW}
    values.update(kw)
    return assistance.worker_create(**values)


# ------------------------------------------------------------------ worker registration


def test_a_liaison_cannot_register_a_worker_living_in_another_town(people):
    """She could not see the person once registered: refused, nothing written, audited."""
    zitong = Town.objects.get(code=ZITONG)
    with pytest.raises(PermissionDenied):
        _register(people, people.tina, town=zitong)
    assert not AffectedWorker.objects.exists()
    assert _refusals(people.tina) == 1


def test_a_liaison_registers_a_worker_of_her_towns_enterprise_living_elsewhere(people):
    """Laid off by an enterprise of her town: she sees the person, so she may register them."""
    worker = _register(
        people, people.tina, town=Town.objects.get(code=ZITONG), enterprise=people.guilin_factory
    )
    assert worker.town_id == ZITONG and worker.enterprise == people.guilin_factory


def test_a_liaison_cannot_register_a_worker_of_another_towns_enterprise(people):
    with pytest.raises(PermissionDenied) as exc:
        _register(
            people,
            people.tina,
            town=Town.objects.get(code=GUILIN),
            enterprise=people.zitong_factory,
        )
    assert people.zitong_factory.name not in str(exc.value)
    assert not AffectedWorker.objects.exists()
    assert _refusals(people.tina) == 1


def test_registering_someone_registered_in_another_town_says_only_whom_to_ask(people):
    """The ID number of a person Tina may not see: no name, no employer, no number."""
    number = id_number()
    other = _register(
        people,
        people.sam,
        name="赵六",
        id_number=number,
        town=Town.objects.get(code=ZITONG),
        enterprise=people.zitong_factory,
    )
    with pytest.raises(ValidationError) as exc:
        _register(people, people.tina, name="赵六", id_number=number)
    said = " ".join(exc.value.messages)
    assert "该人员不能在此登记，请联系区就业和人才中心" in said
    for secret in ("赵六", people.zitong_factory.name, str(other.pk), number[-4:]):
        assert secret not in said
    assert AffectedWorker.objects.count() == 1
    assert _refusals(people.tina) == 1


def test_staff_who_see_the_person_are_still_told_who_it_is(people):
    number = id_number()
    _register(people, people.sam, name="赵六", id_number=number, enterprise=people.zitong_factory)
    with pytest.raises(ValidationError) as exc:
        _register(people, people.sam, name="赵六", id_number=number)
    assert "赵六" in " ".join(exc.value.messages)


def test_the_worker_form_answers_an_unknown_code_like_another_towns_enterprise(people, login):
    client = login(people.tina)

    def post(code):
        response = client.post(
            "/assistance/workers/new/",
            {"name": "张三", "id_number": id_number(), "intention": "job", "enterprise": code},
        )
        assert response.status_code == 200
        return [str(m) for m in get_messages(response.wsgi_request)]

    elsewhere, unknown = post(people.zitong_factory.uscc), post(make_uscc())
    assert elsewhere == unknown and elsewhere
    assert people.zitong_factory.name not in elsewhere[0]
    assert not AffectedWorker.objects.exists()
    assert _refusals(people.tina) == 2


# ------------------------------------------------------------------ courses


def _course(actor, enterprise):
    return assistance.course_create(
        actor=actor,
        at=NOW,
        name="项目制·数控",
        kind="project",
        provider="潼南职教中心",
        starts_on=NOW.date(),
        ends_on=NOW.date(),
        capacity=10,
        enterprise=enterprise,
    )


def test_a_liaison_cannot_tie_a_course_to_another_towns_enterprise(people):
    with pytest.raises(PermissionDenied) as exc:
        _course(people.tina, people.zitong_factory)
    assert people.zitong_factory.name not in str(exc.value)
    assert not Course.objects.exists()
    assert _refusals(people.tina) == 1
    assert _course(people.tina, people.guilin_factory).enterprise == people.guilin_factory


# ------------------------------------------------------------------ the matrix

# Each scoped persona and an enterprise outside that persona's scope (layoffwatch/conftest.py):
# Tina (桂林街道) and Ed (桂林食品) are refused 梓潼汽配; Cai (commissioner of 梓潼汽配) and Agnes
# (an agency dispatching to 梓潼汽配) are refused 桂林食品. Section staff (Sam) see the whole
# district's registry (ADR 0002): no enterprise lies outside their scope.
OUTSIDE = {"tina": "zitong_factory", "ed": "zitong_factory", "cai": "guilin_factory"}
OUTSIDE["agnes"] = "guilin_factory"


def _candidate(people, actor, enterprise):
    from layoffwatch.credit.services import blacklist_candidate_add

    blacklist_candidate_add(
        enterprise=enterprise,
        reason="unreported",
        evidence="社保减员 35 人，未见裁员报告",
        source="staff",
        actor=actor,
        at=NOW,
    )


def _worker(people, actor, enterprise):
    _register(people, actor, enterprise=enterprise)


def _project_course(people, actor, enterprise):
    _course(actor, enterprise)


def _support_plan(people, actor, enterprise):
    assistance.support_plan_create(enterprise=enterprise, planned_cut=30, actor=actor, at=NOW)


def _vacancy(people, actor, enterprise):
    assistance.vacancy_create(
        enterprise=enterprise,
        actor=actor,
        at=NOW,
        occupation="焊工",
        count=1,
        town=Town.objects.get(code=GUILIN),
        valid_until=NOW.date(),
    )


def _rights_case(people, actor, enterprise):
    from layoffwatch.rights.services import rights_case_create

    rights_case_create(
        kind="wage_arrears",
        dispute_type="wages",
        enterprise=enterprise,
        summary="拖欠 12 名农民工两个月工资",
        workers_involved=12,
        received_at=NOW,
        actor=actor,
        at=NOW,
    )


def _fair_invite(people, actor, enterprise):
    fair = assistance.fair_create(
        name="春风行动",
        date=NOW.date(),
        town=Town.objects.get(code=GUILIN),
        actor=people.sam,
        at=NOW,
    )
    assistance.fair_invite(fair=fair, actor=actor, at=NOW, enterprises=[enterprise])


def _roster_import(people, actor, enterprise, layoff=None):
    report = layoff(enterprise=enterprise, rows=[("孙七", id_number(), "", "就业")])
    assistance.workers_from_report(report=report, actor=actor, at=NOW)


def _model(dotted: str):
    from django.apps import apps

    return apps.get_model(dotted)


# (what, the write, what must stay unwritten, whether a form types the enterprise's code)
WRITES = [
    ("blacklist-candidate", _candidate, "credit.BlacklistEntry", True),
    ("worker", _worker, "assistance.AffectedWorker", True),
    ("project-course", _project_course, "assistance.Course", True),
    ("support-plan", _support_plan, "assistance.EnterpriseSupportPlan", True),
    ("vacancy", _vacancy, "assistance.Vacancy", True),
    ("rights-case", _rights_case, "rights.RightsCase", True),
    ("fair-invite", _fair_invite, "assistance.FairInvite", False),
    ("roster-import", _roster_import, "assistance.AffectedWorker", False),
]


# ------------------------------------------------------------------ reports and clues (ADR 0082)


def _layoff_report(people, actor, enterprise):
    from layoffwatch.reporting.services import layoff_report_submit
    from layoffwatch.testing.cases import layoff_data

    layoff_report_submit(
        enterprise=enterprise,
        data=layoff_data(enterprise, cut=30, on=NOW.date()),
        channel="staff",
        actor=actor,
        at=NOW,
    )


def _monthly_report(people, actor, enterprise):
    from layoffwatch.reporting.services import monthly_report_submit

    monthly_report_submit(
        enterprise=enterprise,
        data={"period": "2026-01", "headcount_start": 120, "headcount_end": 95, "separations": 25},
        channel="staff",
        actor=actor,
        at=NOW,
    )


def _clue(people, actor, enterprise):
    from layoffwatch.monitoring.services import clue_file

    clue_file(
        actor=actor,
        at=NOW,
        channel="broker",
        received_on=NOW.date(),
        description="劳务经纪人反映该厂下月将裁员约40人",
        enterprise=enterprise,
    )


WRITES += [
    ("layoff-report", _layoff_report, "reporting.LayoffReport", True),
    ("monthly-report", _monthly_report, "reporting.MonthlyReport", True),
    ("clue", _clue, "monitoring.Clue", True),
]


def _attempt(people, layoff, write, actor, enterprise) -> str:
    """Run one write as `actor`; it must be refused. The refusal's words, as a page shows them."""
    from layoffwatch.audit.services import refusal_message

    kwargs = {"layoff": layoff} if write is _roster_import else {}
    with pytest.raises((PermissionDenied, ValidationError)) as exc:
        write(people, actor, enterprise, **kwargs)
    return refusal_message(exc.value)


@pytest.mark.parametrize("persona", sorted(OUTSIDE))
@pytest.mark.parametrize(("what", "write", "model", "typed"), WRITES, ids=[w[0] for w in WRITES])
def test_a_write_outside_the_scope_is_refused_unwritten_audited_and_names_nothing(
    people, layoff, persona, what, write, model, typed
):
    actor, outside = getattr(people, persona), getattr(people, OUTSIDE[persona])
    written, refused = _model(model).objects.count(), _refusals(actor)
    said = _attempt(people, layoff, write, actor, outside)
    assert _model(model).objects.count() == written, f"{what} written for {persona}"
    assert _refusals(actor) == refused + 1, f"{what} refusal not audited for {persona}"
    assert outside.name not in said and outside.uscc not in said


@pytest.mark.parametrize("persona", sorted(OUTSIDE))
@pytest.mark.parametrize(
    ("what", "write", "model", "typed"),
    [w for w in WRITES if w[3]],
    ids=[w[0] for w in WRITES if w[3]],
)
def test_an_unknown_code_is_refused_in_the_same_words_as_a_code_outside_the_scope(
    people, layoff, persona, what, write, model, typed
):
    from layoffwatch.enterprises.models import Enterprise

    actor = getattr(people, persona)
    outside = getattr(people, OUTSIDE[persona])
    unknown = Enterprise(uscc=make_uscc())  # what EnterpriseByCode gives for a code not registered
    refused = _refusals(actor)
    assert _attempt(people, layoff, write, actor, outside) == _attempt(
        people, layoff, write, actor, unknown
    )
    assert _refusals(actor) == refused + 2


# ------------------------------------------------------------------ the forms

DAY = NOW.date().isoformat()
FORMS = [
    ("/credit/", "enterprise", {"finding": "unreported", "evidence": "社保减员 35 人"}),
    (
        "/assistance/workers/new/",
        "enterprise",
        {"name": "张三", "id_number": "", "intention": "job", "town": GUILIN},
    ),
    (
        "/assistance/courses/",
        "enterprise_uscc",
        {"name": "项目制·数控", "kind": "project", "provider": "职教中心"}
        | {"starts_on": DAY, "ends_on": DAY, "capacity": 10},
    ),
    ("/assistance/support/", "enterprise", {"planned_cut": 30}),
    (
        "/assistance/vacancies/",
        "v-enterprise_uscc",
        {"v-occupation": "焊工", "v-count": 1, "v-town": GUILIN, "v-valid_until": DAY},
    ),
    (
        "/rights/",
        "enterprise",
        {"kind": "wage_arrears", "dispute_type": "wages", "summary": "拖欠工资"}
        | {"workers_involved": 12, "received_at": NOW.strftime("%Y-%m-%dT%H:%M")},
    ),
]


@pytest.mark.parametrize(("url", "field", "data"), FORMS, ids=[f[0] for f in FORMS])
def test_each_form_answers_another_towns_code_and_an_unknown_code_alike(
    people, login, url, field, data
):
    """Tina types 梓潼's code, then a code nobody has: the same words on the same page, nothing
    written, both refusals audited, and 梓潼's enterprise named nowhere."""
    client = login(people.tina)
    audited = _refusals(people.tina)
    models = {_model(w[2]) for w in WRITES}
    before = {m: m.objects.count() for m in models}

    def post(code):
        sent = dict(data, **{field: code})
        if "id_number" in sent:
            sent["id_number"] = id_number()
        response = client.post(url, sent)
        assert response.status_code == 200
        return [str(m) for m in get_messages(response.wsgi_request)], response.content.decode()

    (elsewhere, page), (unknown, _) = post(people.zitong_factory.uscc), post(make_uscc())
    assert elsewhere == unknown and elsewhere
    assert people.zitong_factory.name not in page
    assert _refusals(people.tina) == audited + 2
    assert {m: m.objects.count() for m in models} == before


def test_a_roster_of_another_towns_layoff_is_not_found_like_a_missing_one(people, login, layoff):
    report = layoff(enterprise=people.zitong_factory, rows=[("孙七", id_number(), "", "就业")])
    client = login(people.tina)
    elsewhere = client.post(f"/assistance/rosters/{report.pk}/import/")
    missing = client.post(f"/assistance/rosters/{report.pk + 1000}/import/")
    assert elsewhere.status_code == missing.status_code == 404
    assert not AffectedWorker.objects.exists()
    assert people.zitong_factory.name not in elsewhere.content.decode()


def test_the_staff_report_form_answers_another_towns_code_and_an_unknown_code_alike(people, login):
    from layoffwatch.reporting.models import MonthlyReport

    client = login(people.tina)
    audited = _refusals(people.tina)

    def post(code):
        response = client.post(
            "/reporting/new/monthly/",
            {"enterprise_uscc": code, "channel": "phone"}
            | {"contact_name": "李四", "contact_phone": "13800000001"}
            | {"period": "2026-01", "headcount_start": 120, "headcount_end": 95}
            | {"separations": 25, "operating_status": "normal", "wages_paid_in_full": "yes"},
        )
        assert response.status_code == 200
        return response.content.decode()

    elsewhere, unknown = post(people.zitong_factory.uscc), post(make_uscc())
    said = "企业不在企业名录中或不在您的数据权限范围内"
    assert said in elsewhere and said in unknown
    assert people.zitong_factory.name not in elsewhere
    assert not MonthlyReport.objects.exists()
    assert _refusals(people.tina) == audited + 2


def test_a_liaison_cannot_file_a_clue_about_another_town_only(people):
    from layoffwatch.monitoring.models import Clue
    from layoffwatch.monitoring.services import clue_file

    with pytest.raises(PermissionDenied):
        clue_file(
            actor=people.tina,
            at=NOW,
            channel="broker",
            received_on=NOW.date(),
            description="反映梓潼街道某厂将裁员",
            town=Town.objects.get(code=ZITONG),
        )
    assert not Clue.objects.exists()
    assert _refusals(people.tina) == 1
    clue = clue_file(
        actor=people.tina,
        at=NOW,
        channel="broker",
        received_on=NOW.date(),
        description="反映本街道某厂将裁员",
        town=Town.objects.get(code=GUILIN),
    )
    assert clue.signal.town_id == GUILIN


# ------------------------------------------------------------------ the registry's codes


def _register_enterprise(actor, uscc):
    from layoffwatch.enterprises.services import enterprise_create

    return enterprise_create(
        actor=actor,
        uscc=uscc,
        name="新登记企业有限公司",
        town_id=GUILIN,
        industry_id="1361",
        insured_headcount=50,
    )


def test_a_liaison_registering_another_towns_code_is_told_whom_to_ask_not_that_it_exists(people):
    from layoffwatch.enterprises.models import Enterprise

    before = Enterprise.objects.count()
    with pytest.raises(ValidationError) as exc:
        _register_enterprise(people.tina, people.zitong_factory.uscc)
    said = " ".join(exc.value.messages)
    assert "该统一社会信用代码不能在此登记，请联系区人力社保局" in said
    for secret in ("已", "存在", people.zitong_factory.name, people.zitong_factory.uscc):
        assert secret not in said
    assert Enterprise.objects.count() == before
    assert _refusals(people.tina) == 1


def test_staff_who_see_the_enterprise_are_still_told_the_code_is_taken(people):
    with pytest.raises(ValidationError) as exc:
        _register_enterprise(people.sam, people.zitong_factory.uscc)
    assert "已存在" in " ".join(exc.value.messages)


def test_the_registry_form_does_not_say_another_towns_code_exists(people, login):
    from layoffwatch.enterprises.models import Enterprise

    before = Enterprise.objects.count()
    response = login(people.tina).post(
        "/enterprises/new/",
        {"uscc": people.zitong_factory.uscc, "name": "新登记企业有限公司", "town": GUILIN}
        | {"industry_code": "1361", "insured_headcount": 50, "ownership": "private"},
    )
    page = response.content.decode()
    assert "该统一社会信用代码不能在此登记，请联系区人力社保局" in page
    assert "已存在" not in page and people.zitong_factory.name not in page
    assert Enterprise.objects.count() == before
    assert _refusals(people.tina) == 1


def test_the_api_answers_another_towns_code_without_a_409(people, client):
    """Tina's own town, 梓潼's code: 422 on the field, as the API's other refusals, not 409."""
    import json

    from layoffwatch.enterprises.models import Enterprise
    from layoffwatch.testing.enterprises import body
    from layoffwatch.testing.reports import issue

    before, audited = Enterprise.objects.count(), _refusals(people.tina)
    response = client.post(
        "/api/v1/enterprises",
        data=json.dumps(body(uscc=people.zitong_factory.uscc, town_code=GUILIN)),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {issue('tina')}",
    )
    assert response.status_code == 422
    said = json.dumps(response.json(), ensure_ascii=False)
    assert "该统一社会信用代码不能在此登记，请联系区人力社保局" in said
    assert "已在企业名录中" not in said and people.zitong_factory.name not in said
    assert Enterprise.objects.count() == before
    assert _refusals(people.tina) > audited


# ------------------------------------------------------------------ case work, alerts, signals

# Refused by role or section, whatever the scope: the staff of 就业和人才中心 (Sam) complete only
# their own section's steps and tasks, verify only the signals assigned to it, and, not being in
# the task force (ADR 0050), neither move nor lift an alert. Each object here concerns the
# persona's out-of-scope enterprise (for Sam, 梓潼汽配: his refusals are by section, not scope).
OUTSIDE_OF = OUTSIDE | {"sam": "zitong_factory"}
T0 = NOW


def _case_of(people, enterprise):
    import time_machine

    from layoffwatch.response.models import ResponseCase
    from layoffwatch.testing.cases import report

    with time_machine.travel(T0, tick=False):
        alert = report(enterprise, cut=30, on=T0.date(), at=T0).alert
    return ResponseCase.objects.get(alert=alert)


def _not_sams(items, *fields):
    return next(i for i in items if all(getattr(i, f) != "talent_center" for f in fields))


def _step(people, actor, case):
    from layoffwatch.response.services import step_complete

    step = _not_sams(case.steps.filter(done_at__isnull=True).order_by("pk"), "actor")
    step_complete(step=step, actor=actor, note="已办结", at=T0)


def _task(people, actor, case):
    from layoffwatch.response.services import task_complete

    task = _not_sams(case.tasks.order_by("number"), "lead")
    task_complete(task=task, actor=actor, note="已办结", at=T0)


def _task_note(people, actor, case):
    from layoffwatch.response.services import task_note_add

    task = next(
        t for t in case.tasks.order_by("number") if "talent_center" not in [t.lead, *t.cooperating]
    )
    task_note_add(task=task, actor=actor, text="已走访企业", at=T0)


def _problem(people, actor, case):
    from layoffwatch.response.services import problem_report

    problem_report(case=case, actor=actor, summary="企业拒不配合", details="多次联系未果", at=T0)


def _alert_move(people, actor, case):
    from layoffwatch.alerts.services import alert_transition

    alert_transition(alert=case.alert, to_status="responding", actor=actor, at=T0)


def _lift_request(people, actor, case):
    from layoffwatch.alerts.services import lift_request_create

    lift_request_create(alert=case.alert, actor=actor, reason="已妥善处置", at=T0)


def _signal_of(people, enterprise):
    from layoffwatch.monitoring.services import clue_file

    return clue_file(
        actor=people.alice,
        at=T0,
        channel="broker",
        received_on=T0.date(),
        description="劳务经纪人反映该厂下月将裁员约40人",
        enterprise=enterprise,
    ).signal  # assigned to annex task 4's lead unit (劳动保障监察), not Sam's section


def _signal_take(people, actor, signal):
    from layoffwatch.monitoring.services import signal_take

    signal_take(signal=signal, actor=actor, at=T0)


def _verify(people, actor, signal):
    from layoffwatch.monitoring.services import verification_record

    verification_record(
        signal=signal,
        actor=actor,
        at=T0,
        method="call",
        contacted_on=T0.date(),
        reason="订单减少",
        affected=40,
    )


def _state() -> dict:
    """What any of these writes would change."""
    from layoffwatch.alerts.models import Alert, AlertEvent, LiftRequest
    from layoffwatch.monitoring.models import Signal, SignalEvent, Verification
    from layoffwatch.response.models import CaseStep, CaseTask, MajorProblem, TaskNote

    return {
        "steps done": CaseStep.objects.filter(done_at__isnull=False).count(),
        "tasks done": CaseTask.objects.filter(done_at__isnull=False).count(),
        "notes": TaskNote.objects.count(),
        "problems": MajorProblem.objects.count(),
        "alerts": sorted(Alert.objects.values_list("status", flat=True)),
        "alert events": AlertEvent.objects.count(),
        "lift requests": LiftRequest.objects.count(),
        "signals": sorted(Signal.objects.values_list("status", flat=True)),
        "signal events": SignalEvent.objects.count(),
        "verifications": Verification.objects.count(),
    }


# (what, the write, the object it works on, whether Sam is refused it)
WORK = [
    ("step", _step, _case_of, True),
    ("task", _task, _case_of, True),
    ("task-note", _task_note, _case_of, True),
    ("major-problem", _problem, _case_of, False),  # Sam's section has tasks in every case
    ("alert-transition", _alert_move, _case_of, True),
    ("lift-request", _lift_request, _case_of, True),
    ("signal-take", _signal_take, _signal_of, True),
    ("verification", _verify, _signal_of, True),
]
WORK_CASES = [
    pytest.param(persona, *w, id=f"{w[0]}-{persona}")
    for w in WORK
    for persona in sorted(OUTSIDE_OF)
    if persona != "sam" or w[3]
]


@pytest.mark.parametrize(("persona", "what", "write", "object_of", "sam"), WORK_CASES)
def test_case_work_alerts_and_signals_outside_ones_scope_or_section_are_refused(
    people, persona, what, write, object_of, sam
):
    actor, outside = getattr(people, persona), getattr(people, OUTSIDE_OF[persona])
    obj = object_of(people, outside)
    before, refused = _state(), _refusals(actor)
    with pytest.raises(PermissionDenied) as exc:  # refused for who asks, not for what is asked
        write(people, actor, obj)
    from layoffwatch.audit.services import refusal_message

    said = refusal_message(exc.value)
    assert _state() == before, f"{what} written for {persona}"
    assert _refusals(actor) == refused + 1, f"{what} refusal not audited for {persona}"
    assert outside.name not in said and outside.uscc not in said


# ------------------------------------------------------------------ more case work and signals

# The rest of the case's and the signal's writes, refused by role, unit or section whatever the
# scope (the task force files, chooses measures, sets deadlines and edits the written report; a
# leader signs it and decides a lift request; the assigned unit confirms, dismisses and merges a
# signal). Each runs on an object about the persona's out-of-scope enterprise.


def _everything(*labels) -> dict:
    """Every row of the models a write below could touch: any change shows."""
    return {
        label: list(_model(label).objects.order_by("pk").values()) for label in sorted(set(labels))
    }


def _refused_alike(people, persona, what, write, object_of, *, outside_of, models) -> None:
    """One write of the matrix as `persona` on an object of the enterprise outside their scope:
    refused, no row of `models` changed, exactly one refusal audited, nothing outside named."""
    from layoffwatch.audit.services import refusal_message

    actor, outside = getattr(people, persona), getattr(people, outside_of[persona])
    obj = object_of(people, outside)
    before, refused = _everything(*models), _refusals(actor)
    with pytest.raises(PermissionDenied) as exc:
        write(people, actor, obj)
    assert _everything(*models) == before, f"{what} written for {persona}"
    assert _refusals(actor) == refused + 1, f"{what} refusal not audited for {persona}"
    said = refusal_message(exc.value)
    assert outside.name not in said and outside.uscc not in said


CASE_MODELS = [
    "response.CaseStep",
    "response.CaseTask",
    "response.CaseEvent",
    "response.Filing",
    "response.WrittenReport",
    "alerts.Alert",
    "alerts.LiftRequest",
    "monitoring.Signal",
    "monitoring.SignalEvent",
]


def _filing(people, actor, case):
    from layoffwatch.response.services import filing_record

    step = next(s for s in case.steps.order_by("pk") if s.external_bodies)
    filing_record(
        step=step,
        actor=actor,
        recipient=step.external_bodies[0],
        channel="document",
        sent_at=T0,
        document_title="潼人社〔2026〕1号",
        at=T0,
    )


def _filing_other(people, actor, case):
    from layoffwatch.response.services import FREE_FILING_KINDS, filing_record_other

    step = next(s for s in case.steps.order_by("pk") if s.external_bodies)
    filing_record_other(
        case=case,
        actor=actor,
        kind=sorted(FREE_FILING_KINDS)[0],
        recipient=step.external_bodies[0],
        channel="document",
        sent_at=T0,
        document_title="情况报告",
        at=T0,
    )


def _measures(people, actor, case):
    from layoffwatch.response.services import case_measures_choose

    case_measures_choose(case=case, measures=["training"], actor=actor, at=T0)


def _task_due(people, actor, case):
    import datetime as dt

    from layoffwatch.response.services import task_due_set

    task = case.tasks.order_by("number").first()
    task_due_set(
        task=task, due_at=T0 + dt.timedelta(days=30), reason="企业停产", actor=actor, at=T0
    )


def _written_report_of(people, enterprise):
    from layoffwatch.response.models import WrittenReport

    case = _case_of(people, enterprise)
    return WrittenReport.objects.create(
        case=case,
        title="关于规模性裁员风险处置情况的报告",
        recipient="市人力社保局",
        issuing_unit="区人力社保局",
        report_date=T0.date(),
        sections=[],
        policy_version="test",
        updated_at=T0,
    )


def _report_update(people, actor, report):
    from layoffwatch.response.services import written_report_update

    written_report_update(report=report, actor=actor, title="改过的标题", sections={}, at=T0)


def _report_sign(people, actor, report):
    from layoffwatch.response.services import written_report_sign

    written_report_sign(report=report, actor=actor, at=T0)


def _lift_request_of(people, enterprise):
    from layoffwatch.alerts.models import LiftRequest

    case = _case_of(people, enterprise)
    return LiftRequest.objects.create(
        alert=case.alert, requested_by=people.alice, requested_at=T0, reason="已妥善处置"
    )


def _lift_decide(people, actor, request):
    from layoffwatch.alerts.services import lift_request_decide

    lift_request_decide(request=request, actor=actor, approve=True, note="同意", at=T0)


def _signal_confirm(people, actor, signal):
    from layoffwatch.monitoring.services import signal_confirm

    signal_confirm(signal=signal, actor=actor, at=T0)


def _signal_dismiss(people, actor, signal):
    from layoffwatch.monitoring.services import signal_dismiss

    signal_dismiss(signal=signal, actor=actor, at=T0, reason="季节性停产")


def _two_signals_of(people, enterprise):
    return _signal_of(people, enterprise), _signal_of(people, enterprise)


def _signal_merge(people, actor, signals):
    from layoffwatch.monitoring.services import signal_merge

    signal, into = signals
    signal_merge(signal=signal, actor=actor, at=T0, into=into)


MORE_WORK = [
    ("filing", _filing, _case_of),
    ("filing-other", _filing_other, _case_of),
    ("case-measures", _measures, _case_of),
    ("task-deadline", _task_due, _case_of),
    ("written-report-edit", _report_update, _written_report_of),
    ("written-report-sign", _report_sign, _written_report_of),
    ("lift-decision", _lift_decide, _lift_request_of),
    ("signal-confirm", _signal_confirm, _signal_of),
    ("signal-dismiss", _signal_dismiss, _signal_of),
    ("signal-merge", _signal_merge, _two_signals_of),
]


@pytest.mark.parametrize("persona", sorted(OUTSIDE_OF))
@pytest.mark.parametrize(("what", "write", "object_of"), MORE_WORK, ids=[w[0] for w in MORE_WORK])
def test_filings_deadlines_reports_lift_decisions_and_signal_acts_are_refused_alike(
    people, persona, what, write, object_of
):
    _refused_alike(
        people, persona, what, write, object_of, outside_of=OUTSIDE_OF, models=CASE_MODELS
    )


def test_a_signal_is_merged_only_into_one_the_user_may_read(people):
    """A liaison seconded to the lead unit works on her town's tips; a 梓潼 signal reads to her
    as one that does not exist: the same words, nothing merged, both refusals audited."""
    from layoffwatch.accounts.roles import Role
    from layoffwatch.accounts.services import user_create
    from layoffwatch.monitoring.models import Signal
    from layoffwatch.monitoring.services import signal_merge

    mine = _signal_of(people, people.guilin_factory)
    theirs = _signal_of(people, people.zitong_factory)
    liaison = user_create(
        username="tian",
        password="x-Strong-Pass-2026",
        role=Role.TOWN_LIAISON,
        town=Town.objects.get(code=GUILIN),
        section=mine.assigned_unit,
    )
    said = []
    for into in (theirs, Signal(pk=theirs.pk + 1000)):
        with pytest.raises(ValidationError) as exc:
            signal_merge(signal=mine, actor=liaison, at=T0, into=into)
        said.append(" ".join(exc.value.messages))
    assert said[0] == said[1] == "找不到要并入的信号"
    assert Signal.objects.get(pk=mine.pk).status == mine.status
    assert _refusals(liaison) == 2
    other = _signal_of(people, people.guilin_factory)
    assert signal_merge(signal=mine, actor=liaison, at=T0, into=other).merged_into == other


# ------------------------------------------------------------------ reports, QR links, findings


def _layoff_of(people, enterprise):
    from layoffwatch.reporting.models import LayoffReport

    _layoff_report(people, people.sam, enterprise)
    return LayoffReport.objects.get(enterprise=enterprise)


def _withdraw(people, actor, report):
    from layoffwatch.reporting.services import layoff_report_withdraw

    layoff_report_withdraw(report=report, actor=actor, reason="企业撤回裁员计划", at=NOW)


def _finding_of(people, enterprise):
    from layoffwatch.reporting.models import MissingReportFinding, MonthlyReport

    _monthly_report(people, people.sam, enterprise)
    monthly = MonthlyReport.objects.get(enterprise=enterprise)
    return MissingReportFinding.objects.get_or_create(
        enterprise=enterprise,
        monthly_report=monthly,
        defaults={"period": monthly.period, "basis": "separations", "count": 25}
        | {"policy_version": "test"},
    )[0]


def _resolve(people, actor, finding):
    from layoffwatch.reporting.services import finding_resolve

    finding_resolve(finding=finding, actor=actor, resolution="not_layoff", note="合同到期", at=NOW)


def _qr_of(people, enterprise):
    from layoffwatch.reporting.services import qr_link_create

    qr_link_create(enterprise=enterprise, actor=people.sam, at=NOW)
    return enterprise


def _qr_create(people, actor, enterprise):
    from layoffwatch.reporting.services import qr_link_create

    qr_link_create(enterprise=enterprise, actor=actor, at=NOW)


def _qr_revoke(people, actor, enterprise):
    from layoffwatch.reporting.services import qr_link_revoke

    qr_link_revoke(enterprise=enterprise, actor=actor, at=NOW)


REPORTING_MODELS = ["reporting.LayoffReport", "reporting.MissingReportFinding", "reporting.QrLink"]
REPORTING_WORK = [
    ("layoff-withdraw", _withdraw, _layoff_of),
    ("finding-resolve", _resolve, _finding_of),
    ("qr-create", _qr_create, _qr_of),
    ("qr-revoke", _qr_revoke, _qr_of),
]


@pytest.mark.parametrize("persona", sorted(OUTSIDE))
@pytest.mark.parametrize(
    ("what", "write", "object_of"), REPORTING_WORK, ids=[w[0] for w in REPORTING_WORK]
)
def test_withdrawals_findings_and_qr_links_outside_the_scope_are_refused_and_audited(
    people, persona, what, write, object_of
):
    _refused_alike(
        people, persona, what, write, object_of, outside_of=OUTSIDE, models=REPORTING_MODELS
    )


def test_a_qr_link_for_an_unknown_code_is_refused_like_one_outside_the_scope(people):
    from layoffwatch.enterprises.models import Enterprise
    from layoffwatch.reporting.models import QrLink

    said = []
    for enterprise in (people.zitong_factory, Enterprise(uscc=make_uscc())):
        with pytest.raises(PermissionDenied) as exc:
            _qr_create(people, people.tina, enterprise)
        said.append(str(exc.value))
    assert said[0] == said[1]
    assert not QrLink.objects.exists()
    assert _refusals(people.tina) == 2
    _qr_create(people, people.tina, people.guilin_factory)
    assert QrLink.objects.filter(enterprise=people.guilin_factory).count() == 1


# ------------------------------------------------------------------ a person's assistance

# The writes on a registered person (ADR 0082's first pass, _require_worker_scope) and on a
# rights case, on a person or case of the persona's out-of-scope enterprise.


def _person_of(people, enterprise):
    return _register(
        people, people.sam, enterprise=enterprise, town=Town.objects.get(pk=enterprise.town_id)
    )


def _status(people, actor, worker):
    assistance.worker_status_set(worker=worker, status="self_employed", actor=actor, at=NOW)


def _measure(people, actor, worker):
    assistance.measure_add(
        plan=worker.plan, kind="job_referral", date=NOW.date(), actor=actor, at=NOW
    )


def _ui(people, actor, worker):
    assistance.ui_check(worker=worker, actor=actor, at=NOW, contribution_months=24)


def _sams_vacancy(people):
    return assistance.vacancy_create(
        enterprise=people.guilin_factory,
        actor=people.sam,
        at=NOW,
        occupation="焊工",
        count=5,
        town=Town.objects.get(code=GUILIN),
        valid_until=NOW.date(),
    )


def _referral(people, actor, worker):
    assistance.referral_create(worker=worker, vacancy=_sams_vacancy(people), actor=actor, at=NOW)


def _placement(people, actor, worker):
    assistance.placement_record(worker=worker, vacancy=_sams_vacancy(people), actor=actor, at=NOW)


def _enrolment(people, actor, worker):
    course = assistance.course_create(
        actor=people.sam,
        at=NOW,
        name="岗位技能提升·焊工",
        kind="upskill",
        provider="潼南职教中心",
        starts_on=NOW.date(),
        ends_on=NOW.date(),
        capacity=10,
    )
    assistance.enrol(course=course, worker=worker, actor=actor, at=NOW)


def _rights_case_of(people, enterprise):
    from layoffwatch.rights.services import rights_case_create

    return rights_case_create(
        kind="wage_arrears",
        dispute_type="wages",
        enterprise=enterprise,
        summary="拖欠 12 名农民工两个月工资",
        workers_involved=12,
        amount_owed=240000,
        received_at=NOW,
        actor=people.sam,
        at=NOW,
    )


def _stage(people, actor, case):
    from layoffwatch.rights.services import rights_stage_record

    rights_stage_record(case=case, stage="filed", actor=actor, at=NOW)


def _arrears(people, actor, case):
    from layoffwatch.rights.services import arrears_payment_add

    arrears_payment_add(case=case, paid_on=NOW.date(), amount=1000, actor=actor, at=NOW)


def _fair_invite_of(people, enterprise):
    fair = assistance.fair_create(
        name="春风行动",
        date=NOW.date(),
        town=Town.objects.get(code=GUILIN),
        actor=people.sam,
        at=NOW,
    )
    assistance.fair_invite(fair=fair, actor=people.sam, at=NOW, enterprises=[enterprise])
    return fair.invites.get()


def _fair_result(people, actor, invite):
    assistance.fair_result(invite=invite, actor=actor, at=NOW, attended=True, offers=3)


PERSON_MODELS = [
    "assistance.FairInvite",
    "assistance.AffectedWorker",
    "assistance.Measure",
    "assistance.Referral",
    "assistance.Enrolment",
    "rights.RightsCase",
    "rights.ArrearsPayment",
]
PERSON_WORK = [
    ("status", _status, _person_of),
    ("measure", _measure, _person_of),
    ("ui-check", _ui, _person_of),
    ("referral", _referral, _person_of),
    ("placement", _placement, _person_of),
    ("enrolment", _enrolment, _person_of),
    ("rights-stage", _stage, _rights_case_of),
    ("arrears-payment", _arrears, _rights_case_of),
    ("fair-result", _fair_result, _fair_invite_of),
]


@pytest.mark.parametrize("persona", sorted(OUTSIDE))
@pytest.mark.parametrize(
    ("what", "write", "object_of"), PERSON_WORK, ids=[w[0] for w in PERSON_WORK]
)
def test_assistance_and_rights_work_outside_the_scope_is_refused_and_names_nothing(
    people, persona, what, write, object_of
):
    _refused_alike(
        people, persona, what, write, object_of, outside_of=OUTSIDE, models=PERSON_MODELS
    )


# ------------------------------------------------------------------ notifications


def test_marking_read_touches_only_ones_own_notifications(people):
    """Tina names Sam's notification: it stays unread; her own is read."""
    from layoffwatch.notifications.models import Notification
    from layoffwatch.notifications.services import notifications_mark_read

    def note(user):
        return Notification.objects.create(
            recipient=user, title="预警提醒", body="有新的预警", link="/alerts/", kind="alert"
        )

    sams, tinas = note(people.sam), note(people.tina)
    assert notifications_mark_read(user=people.tina, ids=[sams.pk, tinas.pk], at=NOW) == 1
    sams.refresh_from_db(), tinas.refresh_from_db()
    assert sams.read_at is None and tinas.read_at == NOW


# ------------------------------------------------------------------ the registry

# Only the bureau's registry editors register, edit or import enterprises; Cai, Agnes and Ed are
# refused by role, Tina outside her town, in the service itself (ADR 0082), whatever calls it.


def _registry_create(people, actor, enterprise):
    from layoffwatch.enterprises.services import enterprise_create

    enterprise_create(
        actor=actor,
        uscc=make_uscc(),
        name="新登记企业有限公司",
        town_id=enterprise.town_id,
        industry_id="1361",
        insured_headcount=50,
    )


def _registry_edit(people, actor, enterprise):
    from layoffwatch.enterprises.services import enterprise_update

    enterprise_update(actor=actor, enterprise=enterprise, insured_headcount=1)


def _registry_import(people, actor, enterprise):
    from layoffwatch.enterprises.services import enterprise_import

    enterprise_import(actor=actor, data=b"", filename="企业名录.xlsx")


REGISTRY = [
    ("registry-create", _registry_create),
    ("registry-edit", _registry_edit),
    ("registry-import", _registry_import),
]


# Tina may import: her rows are checked row by row (enterprises/tests/test_import_export.py)
REGISTRY_CASES = [
    pytest.param(persona, *w, id=f"{w[0]}-{persona}")
    for w in REGISTRY
    for persona in sorted(OUTSIDE)
    if not (w[0] == "registry-import" and persona == "tina")
]


@pytest.mark.parametrize(("persona", "what", "write"), REGISTRY_CASES)
def test_the_registry_refuses_non_editors_and_other_towns_in_the_service_and_audits_it(
    people, persona, what, write
):
    actor, outside = getattr(people, persona), getattr(people, OUTSIDE[persona])
    before, refused = _everything("enterprises.Enterprise"), _refusals(actor)
    with pytest.raises(PermissionDenied) as exc:
        write(people, actor, outside)
    assert _everything("enterprises.Enterprise") == before, f"{what} written for {persona}"
    assert _refusals(actor) == refused + 1, f"{what} refusal not audited for {persona}"
    assert outside.name not in str(exc.value) and outside.uscc not in str(exc.value)
