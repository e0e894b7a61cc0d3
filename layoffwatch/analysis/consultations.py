"""Consultations (会商, plan S6.1: “会商相关部门科学研判就业形势”): the writes and reads of a
consultation record and its follow-up actions (ADR 0102).

- Who: the bureau's section staff, leaders and administrators record; every bureau reader
  (those and the town liaisons) reads; enterprise, agency and commissioner accounts see nothing,
  and a page refuses them as if the consultation did not exist (ADR 0082). An action is marked
  done by its owner, the consultation's recorder or a leader.
- Checks: all at once, each message naming its field (“参会单位：至少选择两个单位”,
  “事项2的完成时限早于会商日期”); the message is a msgid with its figures as params, read in
  the reader's language on the page and written into the audit log in Chinese (ADR 0100,
  amended 2026-12-07 (8)); nothing is stored (one transaction), the refusal audited after the
  rollback (STYLE "refusals", `refusals_recorded`).
- Follow-up: an open action is in its owner's “我的任务” (`response.hooks.more_work`), and an
  overdue one goes up one rung a day in the daily escalation (`response.hooks.overdue_work`):
  the owner's section heads (or the owner, without a section), then the bureau's leaders.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_
from django.utils.translation import override

from layoffwatch.accounts.models import User
from layoffwatch.accounts.roles import Role
from layoffwatch.alerts.notify import send
from layoffwatch.audit.services import audit_record, snapshot
from layoffwatch.core.clock import local_day, month_after, month_start
from layoffwatch.core.recorded import recorded
from layoffwatch.response.hooks import WorkRow, WorkSection
from layoffwatch.response.services import responsible_leaders, section_heads

from .models import Consultation, ConsultationAction, MonthlyAnalysis
from .organisations import organisation_choices, organisation_name
from .refusals import refusals_audited

# who reads the consultations, who records them (plan S6.1 is the bureau's own work: the
# commissioners serve enterprises and see only theirs)
READERS = {Role.ADMIN, Role.LEADER, Role.SECTION_STAFF, Role.TOWN_LIAISON}
RECORDERS = {Role.ADMIN, Role.LEADER, Role.SECTION_STAFF}

NOT_FOUND = "查看不存在或无权查看的会商"  # the audit's words for a page refused (ADR 0082)

_name_said = lazy(organisation_name, str)  # an organisation's name when the message is read


def _active(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def can_read(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in READERS)


def can_record(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in RECORDERS)


def can_mark_done(user, action: ConsultationAction) -> bool:
    """The owner, the consultation's recorder, or a leader."""
    return _active(user) and (
        user.pk in (action.owner_id, action.consultation.created_by_id) or user.role == Role.LEADER
    )


def input_key(code: str) -> str:
    """The field of an organisation's input (a form field and an error's key): `input_dept__tax`."""
    return "input_" + code.replace(":", "__")


def action_key(number: int, part: str) -> str:
    """The field of an action row's part (text, owner, due_on): `action_2_due_on`."""
    return f"action_{number}_{part}"


def month_link(period: str) -> str:
    """The month's analysis page (plan S6.1), built by the monthly-analysis pages."""
    try:
        return reverse("analysis:month", args=[period])
    except NoReverseMatch:  # why: the month page may not be installed with this version
        return f"/analysis/{period}/"


# -- reads -----------------------------------------------------------------------------------------


def consultations_visible_to(user) -> QuerySet[Consultation]:
    """Every consultation for a bureau reader (they are the district's, not a town's); none for
    anyone else."""
    if not can_read(user):
        return Consultation.objects.none()
    return Consultation.objects.select_related("analysis", "created_by")


def consultation_get(*, user, pk: int) -> Consultation | None:
    return consultations_visible_to(user).filter(pk=pk).first()


def consultations_for_period(period: str, user) -> list[Consultation]:
    """The consultations of a month, for its analysis page: those that discuss its analysis, and
    those held in the month that discuss none (ADR 0102)."""
    start, end = month_start(period), month_start(month_after(period))
    held = Q(held_on__gte=local_day(start), held_on__lt=local_day(end), analysis__isnull=True)
    return list(consultations_visible_to(user).filter(Q(analysis__period=period) | held))


def month_consultations(period: str, user) -> dict:
    """The context of `analysis/_consultations_of_month.html` for the month's page:
    `{% include "analysis/_consultations_of_month.html" with consultations=… period=… may_record=… %}`
    or the page's context updated with this."""
    return {
        "consultations": consultations_for_period(period, user),
        "period": period,
        "may_record": can_record(user),
    }


def owners() -> QuerySet[User]:
    """Who may own an action: the active bureau readers, by unit and name."""
    return (
        User.objects.filter(is_active=True, role__in=READERS)
        .select_related("section", "town")
        .order_by("section__pk", "display_name", "username")
    )


def analysis_for_period(period: str | None) -> MonthlyAnalysis | None:
    return MonthlyAnalysis.objects.filter(period=period).first() if period else None


def action_overdue(action: ConsultationAction, today: dt.date) -> bool:
    return action.done_at is None and action.due_on < today


def participant_names(consultation: Consultation) -> list[str]:
    return [organisation_name(code) for code in consultation.participants]


def input_rows(consultation: Consultation) -> list[tuple[str, str]]:
    return [(organisation_name(row["organisation"]), row["text"]) for row in consultation.inputs]


def consultation_work(*, user, now: dt.datetime) -> WorkSection | None:
    """“我的任务” (`response.hooks.more_work`): the user's open actions, the earliest due first."""
    if not can_read(user):
        return None
    today = local_day(now)
    actions = ConsultationAction.objects.filter(owner=user, done_at__isnull=True).select_related(
        "consultation"
    )
    return WorkSection(
        key="consultation-actions",
        heading=_("会商事项"),
        rows=[
            WorkRow(
                title=a.text,
                source=f"{a.consultation.held_on:%Y-%m-%d} {a.consultation.subject}",
                due_on=a.due_on,
                link=_action_link(a),
                overdue=action_overdue(a, today),
            )
            for a in actions
        ],
    )


def _action_link(action: ConsultationAction) -> str:
    return reverse("analysis:consultation", args=[action.consultation_id]) + f"#action-{action.pk}"


# -- writes ----------------------------------------------------------------------------------------


def _refusals_audited(what: str, *, actor, obj=None):
    return refusals_audited(what, actor=actor, obj=obj, object_type="analysis.consultation")


def _error(msgid, **params) -> ValidationError:
    return ValidationError(msgid, params=params or None)


def _checked(
    *,
    at: dt.datetime,
    held_on: dt.date | None,
    subject: str,
    participants: list[str],
    inputs: list[dict],
    conclusions: str,
    actions: list[dict],
) -> dict[str, list[ValidationError]]:
    """Every problem of a consultation at once, by field; each message names its field."""
    errors: dict[str, list[ValidationError]] = {}

    def add(key, msgid, **params):
        errors.setdefault(key, []).append(_error(msgid, **params))

    if held_on is None:
        add("held_on", _("会商日期：请填写会商日期"))
    elif held_on > local_day(at):
        add("held_on", _("会商日期：不能晚于今天"))
    if not subject.strip():
        add("subject", _("议题：请填写议题"))
    known = {code for code, _name in organisation_choices()}
    if any(code not in known for code in participants):
        add("participants", _("参会单位：所选单位不在可选范围内"))
    elif len(set(participants)) < 2:
        add("participants", _("参会单位：至少选择两个单位"))
    for row in inputs:
        if row["organisation"] not in participants:
            add(
                input_key(row["organisation"]),
                _("各部门意见：%(organisation)s未选为参会单位，不能填写其意见"),
                organisation=_name_said(row["organisation"]),
            )
    if not conclusions.strip():
        add("conclusions", _("会商结论：请填写会商结论"))
    _actions_checked(actions, held_on=held_on, add=add)
    return errors


def _actions_checked(actions: list[dict], *, held_on: dt.date | None, add) -> None:
    """Each action row: what, who (a bureau reader, who sees it in “我的任务”) and by when (not
    before the consultation)."""
    may_own = set(owners().values_list("pk", flat=True))
    for row in actions:
        n = row["number"]
        if not row["text"].strip():
            add(action_key(n, "text"), _("事项%(n)s：请填写事项内容"), n=n)
        if row["owner"] is None:
            add(action_key(n, "owner"), _("事项%(n)s：请选择责任人"), n=n)
        elif row["owner"].pk not in may_own:
            add(action_key(n, "owner"), _("事项%(n)s：责任人须为局内工作人员"), n=n)
        if row["due_on"] is None:
            add(action_key(n, "due_on"), _("事项%(n)s：请填写完成时限"), n=n)
        elif held_on is not None and row["due_on"] < held_on:
            add(action_key(n, "due_on"), _("事项%(n)s的完成时限早于会商日期"), n=n)


def consultation_record(
    *,
    actor,
    at: dt.datetime,
    held_on: dt.date | None,
    subject: str,
    analysis: MonthlyAnalysis | None,
    participants: list[str],
    inputs: list[dict],
    conclusions: str,
    actions: list[dict],
) -> Consultation:
    """Record a consultation and its actions (plan S6.1) in one transaction, audited.

    `inputs`: [{"organisation": code, "text": …}] (empty texts are left out); `actions`:
    [{"number": the row's number on the form, "text", "owner": User, "due_on": date}]."""
    with _refusals_audited("录入会商", actor=actor):
        if not can_record(actor):
            raise PermissionDenied(_("您的角色不能录入会商"))
        inputs = [
            {"organisation": row["organisation"], "text": row["text"].strip()}
            for row in inputs
            if row["text"].strip()
        ]
        errors = _checked(
            at=at,
            held_on=held_on,
            subject=subject,
            participants=participants,
            inputs=inputs,
            conclusions=conclusions,
            actions=actions,
        )
        if errors:
            raise ValidationError(errors)
        with transaction.atomic():
            chosen = set(participants)
            consultation = Consultation.objects.create(
                held_on=held_on,
                subject=subject.strip(),
                analysis=analysis,
                # in the order the form offers them (the bureau's sections, then the departments)
                participants=[code for code, _name in organisation_choices() if code in chosen],
                inputs=inputs,
                conclusions=conclusions.strip(),
                created_at=at,
                created_by=actor,
            )
            made = ConsultationAction.objects.bulk_create(
                ConsultationAction(
                    consultation=consultation,
                    text=row["text"].strip(),
                    owner=row["owner"],
                    due_on=row["due_on"],
                )
                for row in actions
            )
            with override(settings.LANGUAGE_CODE):  # the audit log keeps the bureau's words
                names = "、".join(participant_names(consultation))
            audit_record(
                action="create",
                actor=actor,
                obj=consultation,
                summary=f"录入会商：{held_on:%Y-%m-%d} {consultation.subject}"
                f"（参会单位：{names}；后续事项 {len(made)} 项）",
                after={
                    **snapshot(consultation),
                    "actions": [
                        {"text": a.text, "owner": a.owner_id, "due_on": a.due_on.isoformat()}
                        for a in made
                    ],
                },
            )
    return consultation


def consultation_action_done(
    *, action: ConsultationAction, actor, at: dt.datetime, note: str = ""
) -> ConsultationAction:
    """Mark an action done: its owner, the consultation's recorder or a leader; once."""
    with _refusals_audited("办结会商事项", actor=actor, obj=action.consultation):
        if not can_mark_done(actor, action):
            raise PermissionDenied(_("只有责任人、会商录入人或局领导可以办结该事项"))
        with transaction.atomic():
            # why conditional: two clicks (or two people) must mark it done once
            moved = ConsultationAction.objects.filter(pk=action.pk, done_at__isnull=True).update(
                done_at=at, done_note=note.strip()[:300]
            )
            if not moved:
                raise ValidationError(_("该事项已办结"))
            action.refresh_from_db()
            audit_record(
                action="update",
                actor=actor,
                obj=action.consultation,
                summary=f"办结会商事项：{action.text}",
                after={"action": action.pk, "done_at": at, "done_note": action.done_note},
            )
    return action


# -- the daily escalation (response.hooks.overdue_work) ----------------------------------------------


def consultation_actions_escalate(*, at: dt.datetime) -> dict[str, int]:
    """Each overdue action (its due day has passed, local days: ADR 0009) goes one rung a day:

    1. never escalated: tell the owner's section heads, or the owner without a section;
    2. escalated on an earlier day: tell the bureau's leaders.
    """
    today = local_day(at)
    moved = 0
    overdue = ConsultationAction.objects.filter(
        done_at__isnull=True, due_on__lt=today, escalation__lt=2
    ).select_related("consultation", "owner__section")
    for action in overdue:
        if action.escalation == 0:
            rung = 1
            people = list(section_heads(action.owner.section.code)) if action.owner.section else []
            people = people or [action.owner]  # nobody is missed
            who = "、".join(str(p) for p in people)
        elif action.escalation == 1 and local_day(action.escalated_at) < today:
            rung, people, who = 2, list(responsible_leaders(None)), "局领导"
        else:
            continue
        # why conditional: two runs of the job (two workers) must escalate each rung once
        if not ConsultationAction.objects.filter(
            pk=action.pk, escalation=action.escalation, done_at__isnull=True
        ).update(escalation=rung, escalated_at=at):
            continue
        title = recorded(N_("逾期催办：会商事项“%(text)s”"), text=action.text)
        send(
            users=people,
            title=title,
            body=recorded(
                N_("完成时限 %(due)s，尚未办结（%(subject)s）"),
                due=f"{action.due_on:%Y-%m-%d}",
                subject=action.consultation.subject,
            ),
            link=_action_link(action),
            kind="overdue",
            at=at,
        )
        audit_record(
            action="update",
            actor_label="系统",
            obj=action.consultation,
            summary=f"{title.text}：已提醒{who}",
            after={"action": action.pk, "rung": rung},
        )
        moved += 1
    return {"consultation_actions": moved}
