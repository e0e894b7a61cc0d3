"""Who reads the risk ranking, and the visit planned from it (计划走访; plan S2.3 预防为先, ADR 0106).

- Reading: the district's staff (administrator, leaders, section staff) see every enterprise, a
  town liaison those of their town (`enterprise_visible_to`); enterprise, agency and commissioner
  accounts cannot tell the page exists (404, like the analysis pages).
- A visit: a reader plans one for an enterprise in their scope; it goes to the enterprise's service
  commissioner (`Enterprise.commissioner`) as a task in their “我的任务” (`response.hooks.more_work`)
  due in VISIT_DAYS days, one open visit per enterprise and month, audited. Why a task of its own
  and not a signal or a case task: a signal's verification is the lead unit's work (a
  commissioner cannot take it), a case task belongs to an alert's response case, a consultation
  action to a consultation; a ranked enterprise has none of these.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from layoffwatch.accounts.roles import Role
from layoffwatch.audit.services import audit_record, snapshot
from layoffwatch.core.clock import local_day
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.enterprises.selectors import enterprise_visible_to
from layoffwatch.response.hooks import WorkRow, WorkSection

from .models import RiskModel, RiskVisit
from .refusals import refusals_audited

READERS = {Role.ADMIN, Role.LEADER, Role.SECTION_STAFF, Role.TOWN_LIAISON}
TRAINERS = {Role.ADMIN, Role.LEADER, Role.SECTION_STAFF}
VISIT_DAYS = 10
NOT_FOUND = "风险企业排序：无权查看"


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_read(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in READERS)


def can_train(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in TRAINERS)


def latest_model() -> RiskModel | None:
    return RiskModel.objects.first()


def ranking_visible_to(user, model: RiskModel, *, shown: int) -> tuple[list[dict], int]:
    """The stored ranking's first `shown` rows for the enterprises `user` may see, with their
    district rank, and how many rows `user` may see in all."""
    if not can_read(user):
        return [], 0
    # why ids in Python: the ranking holds the whole registry, too many for one SQL IN list
    visible = set(enterprise_visible_to(user).values_list("pk", flat=True))
    mine = [(rank, row) for rank, row in enumerate(model.ranking, start=1) if row[0] in visible]
    page = mine[:shown]
    ids = [row[0] for _rank, row in page]
    by_id = Enterprise.objects.select_related("town", "commissioner").in_bulk(ids)
    open_visits = set(
        RiskVisit.objects.filter(
            enterprise_id__in=ids, period=model.period, done_at__isnull=True
        ).values_list("enterprise_id", flat=True)
    )
    rows = [
        {
            "rank": rank,
            "enterprise": by_id[pk],
            "probability": probability,
            "reasons": reasons,
            "visit_planned": pk in open_visits,
        }
        for rank, (pk, probability, reasons) in page
        if pk in by_id
    ]
    return rows, len(mine)


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
            reasons=row[2],
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
        except IntegrityError:
            raise ValidationError(_("该企业本月已安排走访，尚未完成")) from None
    return visit


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
                source=_("风险排序（%(p)s）：%(reasons)s")
                % {"p": v.period, "reasons": "；".join(v.reasons) or _("暂无可说明的原因")},
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
