"""Scope on every write (ADR 0082): each writing service checks the scope of every object it
touches the way reads do; "not there" and "not yours" get the same words; nothing is written and
the refusal is audited; no refusal names what lies outside the scope."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError

from layoffwatch.assistance import services as assistance
from layoffwatch.assistance.models import AffectedWorker, Course
from layoffwatch.assistance.tests.conftest import NOW, id_number
from layoffwatch.audit.models import AuditEntry
from layoffwatch.conftest import GUILIN, ZITONG, make_uscc
from layoffwatch.reference.models import Town


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
