"""Scope on every write (ADR 0082): each writing service checks the scope of every object it
touches the way reads do; "not there" and "not yours" get the same words; nothing is written and
the refusal is audited; no refusal names what lies outside the scope."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError

from layoffwatch.assistance import services as assistance
from layoffwatch.assistance.models import AffectedWorker, Course
from layoffwatch.assistance.tests import conftest as assistance_conftest
from layoffwatch.assistance.tests.conftest import NOW, id_number
from layoffwatch.audit.models import AuditEntry
from layoffwatch.conftest import GUILIN, ZITONG, make_uscc
from layoffwatch.reference.models import Town

layoff = assistance_conftest.layoff  # the fixture: a layoff report with a roster


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
