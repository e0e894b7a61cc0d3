"""Job fairs (plan S4.3): a fair, the enterprises and people invited, and who came, the offers
and the people placed there."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError

from layoffwatch.accounts.roles import require_writer
from layoffwatch.audit.refusals import guarded
from layoffwatch.audit.services import snapshot

from ..models import FairInvite, JobFair, Vacancy
from .common import audit_change, require_enterprise_scope, require_worker_scope
from .vacancies import NO_VACANCY, placement_record


@guarded("创建招聘活动")
def fair_create(
    *, name: str, date: dt.date, town, actor, at: dt.datetime, venue: str = ""
) -> JobFair:
    require_writer(actor, "创建招聘活动")
    if (
        getattr(actor, "role", "") == "town_liaison"
        and town is not None
        and town.pk != actor.town_id
    ):
        raise PermissionDenied("镇街联络员只能在本镇街举办招聘活动")
    fair = JobFair(name=name, date=date, town=town, venue=venue, created_by=actor, created_at=at)
    fair.full_clean()
    fair.save()
    audit_change(
        "create",
        actor=actor,
        obj=fair,
        summary=f"创建招聘活动 {fair.name}（{date}）",
        after=snapshot(fair),
    )
    return fair


@guarded("邀请参加招聘活动")
def fair_invite(
    *, fair: JobFair, actor, at: dt.datetime, enterprises=(), workers=()
) -> list[FairInvite]:
    require_writer(actor, "邀请参加招聘活动")
    made = []
    for e in enterprises:
        require_enterprise_scope(actor, e, "邀请该企业")
        invite, created = FairInvite.objects.get_or_create(fair=fair, enterprise=e)
        if created:
            made.append(invite)
    for w in workers:
        require_worker_scope(actor, w, "邀请该职工")
        invite, created = FairInvite.objects.get_or_create(fair=fair, worker=w)
        if created:
            made.append(invite)
    audit_change(
        "update",
        actor=actor,
        obj=fair,
        summary=f"{fair.name} 邀请 {len(made)} 个单位和个人",
        after={"invites": [i.pk for i in made]},
    )
    return made


def _check_result(
    invite: FairInvite, *, attended: bool, offers, placed: bool, placed_vacancy
) -> None:
    if offers is None or offers < 0:
        raise ValidationError({"offers": "达成意向人数不能为负数"})
    if not placed:
        return
    if invite.placed:
        raise ValidationError({"placed": "已登记现场录用"})
    if invite.worker is None:
        raise ValidationError({"placed": "录用登记在求职者的邀请上"})
    if not attended:
        raise ValidationError({"placed": "未到场的求职者不能登记现场录用"})
    if placed_vacancy is None:
        raise ValidationError({"vacancy": NO_VACANCY})


@guarded("登记招聘活动结果")
def fair_result(
    *,
    invite: FairInvite,
    actor,
    at: dt.datetime,
    attended: bool,
    offers: int = 0,
    placed_vacancy: Vacancy | None = None,
    placed: bool = False,
) -> FairInvite:
    """Attendance and offers; a person placed at the fair is placed against a vacancy."""
    invite = (
        FairInvite.objects.select_for_update(of=("self",))
        .select_related("fair", "worker")
        .get(pk=invite.pk)
    )
    require_writer(actor, "登记招聘活动结果")
    if invite.worker is not None:
        require_worker_scope(actor, invite.worker, "登记该职工的招聘活动结果")
    else:
        require_enterprise_scope(actor, invite.enterprise, "登记该企业的招聘活动结果")
    _check_result(
        invite, attended=attended, offers=offers, placed=placed, placed_vacancy=placed_vacancy
    )
    invite.attended, invite.offers = attended, offers
    if placed:
        placement_record(worker=invite.worker, vacancy=placed_vacancy, actor=actor, at=at)
        invite.placed = True
    invite.save()
    who = invite.worker.name if invite.worker else str(invite.enterprise)
    audit_change(
        "update",
        actor=actor,
        obj=invite,
        summary=f"{invite.fair.name}：{who} {'到场' if attended else '未到场'}"
        + (f"，达成意向 {offers} 人" if offers else "")
        + ("，现场录用" if invite.placed else ""),
        after={"attended": attended, "offers": offers, "placed": invite.placed},
    )
    return invite
