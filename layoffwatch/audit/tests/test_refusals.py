"""The one way to refuse (audit/refusals.py, ADR 0089): a refused call changes nothing but
leaves its audit entry, written after the rollback; a page shows the refusal as its message."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import path

from layoffwatch.audit.models import AuditEntry
from layoffwatch.audit.refusals import attempt, guarded, refusals_audited
from layoffwatch.audit.services import audit_record
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.urls import urlpatterns as project_urls

pytestmark = pytest.mark.django_db


def _refusal(refuse: str | None, message: str):
    if refuse == "invalid":
        raise ValidationError({"name": message})
    if refuse == "forbidden":
        raise PermissionDenied(message)


@guarded("修改企业名称")
def rename(*, enterprise: Enterprise, name: str, actor, refuse: str | None = None) -> Enterprise:
    """A service as the apps write one: change, audit the change, then (in the test) refuse."""
    enterprise.name = name
    enterprise.save()
    audit_record(action="update", actor=actor, obj=enterprise, summary=f"改名为{name}")
    _refusal(refuse, "名称已被其他企业使用")
    return enterprise


def _entries_after(seq: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(seq__gt=seq).order_by("seq"))


def _last_seq() -> int:
    return AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


@pytest.mark.parametrize(
    "refuse, action", [("invalid", "rejected"), ("forbidden", "denied")], ids=["bad input", "role"]
)
def test_a_refused_service_changes_nothing_and_leaves_only_its_audit_entry(people, refuse, action):
    factory = people.guilin_factory
    before = _last_seq()

    with pytest.raises((ValidationError, PermissionDenied)):
        rename(enterprise=factory, name="改过的名字", actor=people.sam, refuse=refuse)

    assert Enterprise.objects.get(pk=factory.pk).name == "桂林食品有限公司"  # rolled back
    (entry,) = _entries_after(before)  # the service's own "update" entry rolled back with it
    assert (entry.action, entry.summary, entry.actor_id) == (
        action,
        "拒绝修改企业名称：名称已被其他企业使用",
        people.sam.pk,
    )
    assert (entry.object_type, entry.object_id) == ("enterprises.enterprise", str(factory.pk))


def test_a_service_that_goes_through_keeps_its_change_and_leaves_no_refusal(people):
    factory = people.guilin_factory
    before = _last_seq()

    renamed = rename(enterprise=factory, name="桂林食品集团有限公司", actor=people.sam)

    assert Enterprise.objects.get(pk=factory.pk).name == renamed.name == "桂林食品集团有限公司"
    assert [e.action for e in _entries_after(before)] == ["update"]


def test_a_check_refuses_before_the_service_runs_and_is_audited_under_the_app(people):
    calls = []

    def only_leaders(kwargs):
        if kwargs["actor"].role != "leader":
            raise PermissionDenied("只有局领导可以批准")

    @guarded("批准解除预警", check=only_leaders)
    def approve(*, actor, note: str) -> None:
        calls.append(note)

    before = _last_seq()
    with pytest.raises(PermissionDenied):
        approve(actor=people.sam, note="同意")
    approve(actor=people.li, note="同意")

    assert calls == ["同意"]  # only the leader's call ran
    (entry,) = _entries_after(before)
    assert (entry.action, entry.summary, entry.object_type, entry.object_id) == (
        "denied",
        "拒绝批准解除预警：只有局领导可以批准",
        "audit",  # no model among the arguments: filed under the service's app
        "",
    )


def test_refusals_audited_names_the_object_it_reads_only_when_refused_and_a_system_actor(people):
    factory = people.zitong_factory
    reads = []

    def the_enterprise():
        reads.append(1)
        return factory

    before = _last_seq()
    with refusals_audited("导入参保数据", actor=None, obj=the_enterprise):
        pass
    assert reads == [] and _entries_after(before) == []

    with pytest.raises(ValidationError):
        with refusals_audited("导入参保数据", actor=None, obj=the_enterprise):
            raise ValidationError("第 3 行：参保人数不是整数")

    (entry,) = _entries_after(before)
    assert (entry.action, entry.summary, entry.actor_id, entry.actor_label) == (
        "rejected",
        "拒绝导入参保数据：第 3 行：参保人数不是整数",
        None,
        "系统",
    )
    assert entry.object_id == str(factory.pk)


# -- the view side: attempt() -----------------------------------------------------------------------


def try_rename(request, outcome: str):
    """A page that runs one service through attempt() and shows the result on the same page."""
    factory = Enterprise.objects.get(name="桂林食品有限公司")
    refuse = None if outcome == "ok" else outcome
    went_through = attempt(
        request,
        lambda: rename(enterprise=factory, name="桂林新名", actor=request.user, refuse=refuse),
        done="名称已修改",
        deny=request.GET.get("deny", "message"),
    )
    return render(request, "base.html", {"went_through": went_through})


urlpatterns = [path("try/<str:outcome>/", try_rename), *project_urls]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "outcome, shown, name",
    [
        ("ok", "名称已修改", "桂林新名"),
        ("invalid", "名称已被其他企业使用", "桂林食品有限公司"),
        ("forbidden", "名称已被其他企业使用", "桂林食品有限公司"),
    ],
)
def test_attempt_shows_the_outcome_on_the_page(login, people, outcome, shown, name):
    response = login(people.sam).post(f"/try/{outcome}/")

    assert response.status_code == 200
    assert response.context["went_through"] is (outcome == "ok")
    html = response.content.decode()
    assert shown in html
    css = "alert-success" if outcome == "ok" else "alert-danger"
    assert f'<div class="alert {css}" role="alert">{shown}</div>' in html
    assert Enterprise.objects.get(pk=people.guilin_factory.pk).name == name


@pytest.mark.urls(__name__)
def test_attempt_passes_a_permission_refusal_on_to_the_403_page_when_asked(login, people):
    client = login(people.sam)
    before = _last_seq()

    response = client.post("/try/forbidden/?deny=raise")

    assert response.status_code == 403
    assert [e.action for e in _entries_after(before)] == ["denied"]  # audited once, by the service
    assert Enterprise.objects.get(pk=people.guilin_factory.pk).name == "桂林食品有限公司"
