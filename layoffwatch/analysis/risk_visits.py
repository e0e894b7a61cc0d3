"""Who reads the risk ranking, and the visit planned from it (计划走访; plan S2.3 预防为先, ADR 0106).

- Reading: the district's staff (administrator, leaders, section staff) see every enterprise, a
  town liaison those of their town (`enterprise_visible_to`); enterprise, agency and commissioner
  accounts get 404: the ranking names enterprises, so its page is answered like a missing one.
- Paged (PER_PAGE rows, like the other lists). In place of the 计划走访 button a row shows the
  enterprise's visit, with its status and commissioner: its open one, whichever month's ranking
  planned it, else the one done from this month's.
- A visit: a reader plans one for an enterprise in their scope; it goes to the enterprise's service
  commissioner (`Enterprise.commissioner`) as a task in their “我的任务” (`response.hooks.more_work`)
  due in VISIT_DAYS days, one open visit per enterprise and month, audited, and the commissioner
  told in the visit's transaction (`notifications.services.notify`: in-app at once, an email
  through the queue after it commits; no group-chat robot, the notice names an enterprise the
  ranking marks, for its commissioner alone, like a follow-up reminder of 一人一策). Why a task of its own
  and not a signal or a case task: a signal's verification is the lead unit's work (a
  commissioner cannot take it), a case task belongs to an alert's response case, a consultation
  action to a consultation; a ranked enterprise has none of these.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from layoffwatch.accounts.roles import Role
from layoffwatch.audit.services import audit_record, snapshot
from layoffwatch.core.clock import local_day
from layoffwatch.core.recorded import recorded
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.enterprises.selectors import enterprise_visible_to
from layoffwatch.notifications.services import notify
from layoffwatch.response.hooks import WorkRow, WorkSection

from .models import RiskModel, RiskVisit
from .refusals import refusals_audited
from .risk_reasons import reasons_joined

READERS = {Role.ADMIN, Role.LEADER, Role.SECTION_STAFF, Role.TOWN_LIAISON}
TRAINERS = {Role.ADMIN, Role.LEADER, Role.SECTION_STAFF}
VISIT_DAYS = 10
PER_PAGE = 100  # ranking rows a page shows (a town liaison's scope can hold thousands)
NOT_FOUND = "风险企业排序：无权查看"


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_read(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in READERS)


def can_train(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in TRAINERS)


def latest_model() -> RiskModel | None:
    return RiskModel.objects.first()


def ranking_visible_to(
    user, model: RiskModel, *, page=None, at: dt.datetime | None = None
) -> tuple[list[dict], Page]:
    """One page (`page`, a number from the query; the first when missing or wrong) of the stored
    ranking's rows for the enterprises `user` may see, with their district rank and the visit
    each has (its open one, whichever month planned it, else this ranking's month's done one);
    the Page tells how many rows `user` may see in all."""
    if not can_read(user):
        return [], Paginator([], PER_PAGE).get_page(1)
    # why ids in Python: the ranking holds the whole registry, too many for one SQL IN list
    visible = set(enterprise_visible_to(user).values_list("pk", flat=True))
    mine = [(rank, row) for rank, row in enumerate(model.ranking, start=1) if row[0] in visible]
    shown = Paginator(mine, PER_PAGE).get_page(page)
    ids = [row[0] for _rank, row in shown]
    by_id = Enterprise.objects.select_related("town", "commissioner").in_bulk(ids)
    visits = {}
    # why any month's open visit: a visit planned from last month's ranking and not yet made is
    # the one to make, not a reason to plan a second
    for visit in (
        RiskVisit.objects.filter(enterprise_id__in=ids)
        .filter(Q(done_at__isnull=True) | Q(period=model.period))
        .select_related("owner")
        .order_by("-created_at", "-pk")
    ):
        held = visits.get(visit.enterprise_id)
        if held is None or (held.done_at and visit.done_at is None):
            visits[visit.enterprise_id] = visit
    today = local_day(at)
    rows = [
        {
            "rank": rank,
            "enterprise": by_id[pk],
            "probability": probability,
            "reasons": reasons,
            "visit": visits.get(pk),
            "visit_overdue": pk in visits
            and visits[pk].done_at is None
            and visits[pk].due_on < today,
        }
        for rank, (pk, probability, reasons) in shown
        if pk in by_id
    ]
    return rows, shown


def risk_visit_plan(
    *, actor, enterprise: Enterprise, model: RiskModel, at: dt.datetime
) -> RiskVisit:
    """Plan a visit to a ranked enterprise: a task for its service commissioner. Refused (and the
    refusal audited) outside the actor's scope, without a commissioner, or when one is open."""
    with refusals_audited(
        "计划走访", actor=actor, object_type="enterprises.enterprise", obj=enterprise
    ):
        if (
            not can_read(actor)
            or not enterprise_visible_to(actor).filter(pk=enterprise.pk).exists()
        ):
            raise PermissionDenied(_("只能为您数据权限范围内的企业安排走访"))
        row = next((r for r in model.ranking if r[0] == enterprise.pk), None)
        if row is None:
            raise ValidationError(_("该企业不在 %(p)s 的风险排序中") % {"p": model.period})
        if enterprise.commissioner_id is None:
            raise ValidationError(_("该企业还没有服务专员，请先在企业名录中指定服务专员"))
        visit = RiskVisit(
            enterprise=enterprise,
            period=model.period,
            model=model,
            probability=row[1],
            reasons=row[2],  # as the ranking keeps them: [feature, number], said when shown
            owner_id=enterprise.commissioner_id,
            due_on=local_day(at) + dt.timedelta(days=VISIT_DAYS),
            created_at=at,
            created_by=actor,
        )
        visit.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                # why the constraint, not a check first: two clicks at once must plan one visit
                visit.save()
                audit_record(
                    action="create",
                    actor=actor,
                    obj=visit,
                    summary=f"计划走访：{enterprise.name}（{model.period} 风险排序）",
                    after=snapshot(visit),
                )
                _tell_commissioner(visit, actor=actor, at=at)
        except IntegrityError:
            raise ValidationError(_("该企业本月已安排走访，尚未完成")) from None
    return visit


def _tell_commissioner(visit: RiskVisit, *, actor, at: dt.datetime) -> None:
    """The commissioner hears of the visit in their 通知, said in their language (ADR 0100);
    the planner, who has just been told on the page, gets nothing."""
    notify(
        users=[visit.owner] if visit.owner_id != actor.pk else [],
        title=recorded(
            N_("走访任务：%(enterprise)s，%(due)s 前完成"),
            enterprise=visit.enterprise.name,
            due=f"{visit.due_on:%Y-%m-%d}",
        ),
        body=recorded(
            N_("%(planner)s根据 %(period)s 风险企业排序安排走访，请走访后记录走访情况。"),
            planner=str(actor),
            period=visit.period,
        ),
        link=reverse("risk_visit_detail", args=[visit.pk]),
        kind="risk_visit",
        at=at,
        webhook=False,
    )


def risk_visit_work(*, user, now: dt.datetime) -> WorkSection | None:
    """“我的任务” (`response.hooks.more_work`): the visits planned for this commissioner."""
    visits = RiskVisit.objects.filter(owner=user, done_at__isnull=True).select_related("enterprise")
    if not visits:
        return None
    today = local_day(now)
    return WorkSection(
        key="risk-visits",
        heading=_("风险企业走访"),
        rows=[
            WorkRow(
                title=_("走访%(name)s") % {"name": v.enterprise.name},
                # the reasons said in the reader's language (kept as data, risk_reasons)
                source=_("风险排序（%(p)s）：%(reasons)s")
                % {"p": v.period, "reasons": reasons_joined(v.reasons) or _("暂无可说明的原因")},
                due_on=v.due_on,
                link=reverse("risk_visit_detail", args=[v.pk]),
                overdue=v.due_on < today,
            )
            for v in visits
        ],
    )


def visit_visible_to(user, pk: int) -> RiskVisit | None:
    """A visit its commissioner, whoever planned it, and the readers of its enterprise may open."""
    visit = (
        RiskVisit.objects.select_related("enterprise", "owner", "created_by").filter(pk=pk).first()
    )
    if visit is None or not _active(user):
        return None
    if user.pk in (visit.owner_id, visit.created_by_id):
        return visit
    if can_read(user) and enterprise_visible_to(user).filter(pk=visit.enterprise_id).exists():
        return visit
    return None


def risk_visit_done(*, visit: RiskVisit, actor, at: dt.datetime, note: str) -> RiskVisit:
    """The commissioner (or whoever planned it) records the visit done, with what was found;
    once."""
    with refusals_audited("完成风险走访", actor=actor, object_type="analysis.riskvisit", obj=visit):
        if actor.pk not in (visit.owner_id, visit.created_by_id):
            raise PermissionDenied(_("只有该企业的服务专员或安排人可以记录走访完成"))
        note = (note or "").strip()
        if not note:
            raise ValidationError(_("走访情况：请写明走访了解到的情况"))
        with transaction.atomic():
            # why conditional: two clicks (or two people) must record it once
            if not RiskVisit.objects.filter(pk=visit.pk, done_at__isnull=True).update(
                done_at=at, done_note=note[:500]
            ):
                raise ValidationError(_("该走访已记录完成"))
            visit.refresh_from_db()
            audit_record(
                action="update",
                actor=actor,
                obj=visit,
                summary=f"完成风险走访：{visit.enterprise.name}",
                after={"done_at": at, "done_note": visit.done_note},
            )
    return visit
