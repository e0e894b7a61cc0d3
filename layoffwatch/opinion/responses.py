"""The response to a public-opinion event (plan S6.4 “做好舆情收集、监控和研判，及时主动发声”;
ADR 0107): the services and selectors of the assessment, the statement, its approval, its
publication and the coordination with 区委宣传部 and 区传媒集团.

- **Assessment (研判)**: district-wide staff grade the event 一般 or 重大 (重大: it risks a major
  incident), with the assessment and the response plan. The grade starts the clocks.
- **Clocks** (dated parameters, `params.response_clocks`; 国办发〔2016〕61号): 重大 — authoritative
  information within 5 hours and a press conference within 24; 一般 — a response within 48. They
  run from the event's `created_at`, when the bureau first held it (the platform cannot know
  when a post it never saw was written; ADR 0107), in the parameters in force on that local day.
- **Statement**: drafted only from what the record holds (the event, and the enterprise's open
  alert and response case); anything it does not hold is a visible 【待核实：…】, never invented.
  A leader who did not draft it approves it; editing it afterwards voids the approval.
- **Publication**: channel, time (not in the future) and text, only once approved; the first
  one answers the event, in time or late against the deadline of its grade.
- **Overdue**: an unanswered response past its deadline goes one rung a day
  (`response.hooks.overdue_work`): the responsible section's staff and the assessor, then the
  leaders; the assessor's unanswered responses are in their “我的任务” (`response.hooks.more_work`).
- Who: a town's liaison and a commissioner read what `events_visible_to` lets them read; only
  district-wide staff write (a leader or an administrator approves). Every change and every
  refusal is audited (STYLE "refusals").
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django.utils.translation import override

from layoffwatch.accounts.roles import Role
from layoffwatch.alerts.models import Alert
from layoffwatch.audit.refusals import guarded
from layoffwatch.audit.services import audit_record
from layoffwatch.core.clock import local_datetime, local_day
from layoffwatch.core.recorded import recorded
from layoffwatch.enterprises.selectors import responsible_section_staff
from layoffwatch.notifications.services import notify
from layoffwatch.response.hooks import WorkRow, WorkSection
from layoffwatch.response.models import ResponseCase
from layoffwatch.response.services import responsible_leaders

from .models import (
    OpinionCoordination,
    OpinionEvent,
    OpinionPublication,
    OpinionResponse,
    Organisation,
    PublishChannel,
    ResponseGrade,
)
from .params import response_clocks as clock_hours
from .selectors import events_visible_to
from .text import mask

MAX_TEXT = 5000
TBC = "【待核实：%(what)s】"  # what the record does not hold, for the drafter to fill in
TBC_MARK = "【待核实"  # a statement still holding one is not approved nor published


# -- who ------------------------------------------------------------------------------------------


def may_respond(user) -> bool:
    """District-wide staff (section staff, leaders, administrators) assess, draft and publish."""
    return bool(user is not None and user.is_authenticated and user.is_district_wide)


def may_approve(user) -> bool:
    """A leader or an administrator approves a statement (not one they drafted)."""
    return bool(
        user is not None and user.is_authenticated and (user.is_admin or user.role == Role.LEADER)
    )


def _writer(kwargs: dict) -> None:
    """Not there and not yours read the same (ADR 0002); a reader who may not write is told so."""
    actor = kwargs["actor"]
    if not events_visible_to(actor).filter(pk=kwargs["event"].pk).exists():
        raise PermissionDenied(_("舆情事件不存在或不在您的范围内"))
    if not may_respond(actor):
        raise PermissionDenied(_("只有区级工作人员可以研判和回应舆情"))


def _response(event: OpinionEvent) -> OpinionResponse:
    found = OpinionResponse.objects.select_for_update().filter(event=event).first()
    if found is None:
        raise ValidationError(_("该舆情事件尚未研判，请先研判定级"))
    return found


def _text(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("%(label)s：不能为空") % {"label": label}})
    if len(value) > MAX_TEXT:
        raise ValidationError(
            {field: _("%(label)s：超过 %(n)s 字") % {"label": label, "n": MAX_TEXT}}
        )
    return value


def _not_future(value: dt.datetime | None, field: str, label: str, at: dt.datetime) -> None:
    if value is None:
        raise ValidationError({field: _("%(label)s：请填写时间") % {"label": label}})
    if value > at:
        raise ValidationError(
            {field: _("%(label)s：晚于现在，不能登记未来的时间") % {"label": label}}
        )


# -- clocks ----------------------------------------------------------------------------------------


def deadlines(event: OpinionEvent, grade: str) -> tuple[dt.datetime, dt.datetime | None]:
    """(the answer's deadline, the press conference's or None) of a grade, from when the bureau
    first held the event, with the parameters in force on that local day."""
    hours = clock_hours(local_day(event.created_at))
    start = event.created_at
    if grade == ResponseGrade.MAJOR:
        return (
            start + dt.timedelta(hours=hours["major_publish_hours"]),
            start + dt.timedelta(hours=hours["major_conference_hours"]),
        )
    return start + dt.timedelta(hours=hours["general_answer_hours"]), None


def _span(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return _("%(h)s小时%(m)s分") % {"h": hours, "m": minutes}


def _clock(label: str, due: dt.datetime, done: dt.datetime | None, at: dt.datetime) -> dict:
    if done is not None:
        state = "in_time" if done <= due else "late"
        text = (
            _("已于 %(at)s 完成，按时")
            if state == "in_time"
            else _("已于 %(at)s 完成，超时 %(late)s")
        ) % {"at": f"{local_datetime(done):%Y-%m-%d %H:%M}", "late": _span(done - due)}
    elif at <= due:
        state, text = "running", _("剩余 %(left)s") % {"left": _span(due - at)}
    else:
        state, text = "overdue", _("已逾期 %(late)s") % {"late": _span(at - due)}
    return {"label": label, "due": local_datetime(due), "state": state, "text": text}


def response_clocks(response: OpinionResponse, *, at: dt.datetime) -> list[dict]:
    """Each deadline of the response: label, due (local time), state (running, overdue, in_time,
    late) and the words the page shows (remaining or overdue time, or when it was done)."""
    if not response.is_major:
        return [_clock(_("回应"), response.due_at, response.answered_at, at)]
    return [
        _clock(_("发布权威信息"), response.due_at, response.answered_at, at),
        _clock(_("举行新闻发布会"), response.conference_due_at, response.conference_at, at),
    ]


# -- the statement drafted from the record -----------------------------------------------------------


def _tbc(what: str) -> str:
    return TBC % {"what": what}


def _case_facts(event: OpinionEvent) -> list[str]:
    """What the alerts and response cases hold of the event's enterprise (plan S5, S6.2)."""
    if event.enterprise_id is None:
        return [_tbc(_("涉及企业及其用工、裁员、欠薪的实际情况"))]
    alert = (
        Alert.objects.filter(enterprise_id=event.enterprise_id, status__in=Alert.OPEN)
        .order_by("-opened_at")
        .first()
    )
    case = (
        ResponseCase.objects.filter(alert__enterprise_id=event.enterprise_id)
        .order_by("-opened_at")
        .first()
    )
    facts = []
    if alert is not None:
        facts.append(
            _("该企业已于 %(day)s 纳入规模性裁员预警（%(level)s）。")
            % {"day": f"{local_day(alert.opened_at):%Y-%m-%d}", "level": alert.get_level_display()}
        )
    if case is not None:
        facts.append(
            _("区人力社保局已于 %(day)s 启动处置，目前%(status)s。")
            % {"day": f"{local_day(case.opened_at):%Y-%m-%d}", "status": case.get_status_display()}
        )
    if not facts:
        facts.append(_tbc(_("企业用工、裁员、欠薪的实际情况（平台无该企业的预警和处置记录）")))
    return facts


def statement_from_record(event: OpinionEvent) -> str:
    """The “起草回应稿” draft: only what the record holds, the rest 【待核实：…】 (plan S6.4). In
    Chinese whatever the drafter's language: it is what the bureau publishes."""
    with override(settings.LANGUAGE_CODE):
        return _statement(event)


def _statement(event: OpinionEvent) -> str:
    enterprise = event.enterprise.name if event.enterprise_id else _tbc(_("涉及企业"))
    opening = _(
        "近日，网上有关于%(enterprise)s%(topic)s的信息（%(first)s 首次出现，共 %(items)s 条，"
        "来自 %(sources)s 个来源）。区人力社保局已关注到相关信息，现将有关情况说明如下："
    ) % {
        "enterprise": enterprise,
        "topic": event.get_topic_display(),
        "first": f"{local_datetime(event.first_at):%Y-%m-%d %H:%M}",
        "items": event.items,
        "sources": event.sources,
    }
    lines = [
        _("关于“%(title)s”的情况说明") % {"title": mask(event.title)[:80]},
        "",
        opening,
        *("　　" + fact for fact in _case_facts(event)),
        "　　" + _tbc(_("已采取和下一步拟采取的措施")),
        # the bureau's number where the deployment set it (LAYOFFWATCH_BUREAU_PHONE), else to fill
        "　　"
        + _("如有诉求，请拨打%(phone)s。")
        % {"phone": settings.BUREAU_PHONE or _tbc(_("咨询电话"))},
        "",
        _("潼南区人力资源和社会保障局"),
        _tbc(_("发布日期")),
    ]
    return "\n".join(lines)


# -- writes ----------------------------------------------------------------------------------------


def _audit(actor, event: OpinionEvent, summary: str, **after) -> None:
    audit_record(action="update", actor=actor, obj=event, summary=summary, after=after or None)


@guarded("研判舆情事件", check=_writer)
def response_assess(
    *, actor, event: OpinionEvent, grade: str, assessment: str, plan: str, at: dt.datetime
) -> OpinionResponse:
    """Record (or revise, until it is answered) the assessment; the grade sets the clocks."""
    if grade not in ResponseGrade.values:
        raise ValidationError({"grade": _("研判等级：请选择一般或重大")})
    assessment = _text(assessment, "assessment", _("研判意见"))
    plan = _text(plan, "plan", _("应对方案"))
    due_at, conference_due_at = deadlines(event, grade)
    response = OpinionResponse.objects.select_for_update().filter(event=event).first()
    if response is not None and response.answered_at is not None:
        raise ValidationError(_("该舆情已发布回应，不能再修改研判"))
    response = response or OpinionResponse(event=event)
    response.grade, response.assessment, response.plan = grade, assessment, plan
    response.assessed_by, response.assessed_at = actor, at
    response.due_at, response.conference_due_at = due_at, conference_due_at
    response.full_clean()
    response.save()
    OpinionEvent.objects.filter(pk=event.pk, status=OpinionEvent.Status.NEW).update(
        status=OpinionEvent.Status.ASSESSED
    )
    with override(settings.LANGUAGE_CODE):
        label = str(ResponseGrade(grade).label)
    _audit(
        actor,
        event,
        f"研判舆情事件 #{event.pk}：{label}，回应时限 {local_datetime(due_at):%Y-%m-%d %H:%M}",
        grade=grade,
        assessment=assessment,
        plan=plan,
        due_at=due_at,
    )
    return response


def _statement_set(response: OpinionResponse, *, actor, statement: str, at: dt.datetime) -> str:
    """Save a draft; an approved statement that changes loses its approval (it is not what the
    leader approved). Returns what the audit says of the approval."""
    voided = response.approved_at is not None and statement != response.statement
    response.statement, response.drafted_by, response.drafted_at = statement, actor, at
    if voided:
        response.approved_by, response.approved_at = None, None
    response.save()
    return "，原审批作废" if voided else ""


@guarded("起草舆情回应稿", check=_writer)
def response_draft_from_record(*, actor, event: OpinionEvent, at: dt.datetime) -> OpinionResponse:
    """“起草回应稿”: the draft built from the record replaces the statement, to be edited."""
    response = _response(event)
    if response.answered_at is not None:
        raise ValidationError(_("该舆情已发布回应，不能再修改回应稿"))
    statement = statement_from_record(event)
    voided = _statement_set(response, actor=actor, statement=statement, at=at)
    _audit(actor, event, f"按记录起草舆情事件 #{event.pk} 的回应稿{voided}", statement=statement)
    return response


@guarded("保存舆情回应稿", check=_writer)
def response_statement_save(
    *, actor, event: OpinionEvent, statement: str, at: dt.datetime
) -> OpinionResponse:
    response = _response(event)
    if response.answered_at is not None:
        raise ValidationError(_("该舆情已发布回应，不能再修改回应稿"))
    statement = _text(statement, "statement", _("回应稿"))
    voided = _statement_set(response, actor=actor, statement=statement, at=at)
    _audit(actor, event, f"保存舆情事件 #{event.pk} 的回应稿{voided}", statement=statement)
    return response


@guarded("审批舆情回应稿", check=_writer)
def response_approve(*, actor, event: OpinionEvent, at: dt.datetime) -> OpinionResponse:
    """A leader (or an administrator) who did not draft the statement approves it."""
    if not may_approve(actor):
        raise PermissionDenied(_("只有局领导可以审批回应稿"))
    response = _response(event)
    if not response.statement.strip():
        raise ValidationError({"statement": _("回应稿：尚未起草，不能审批")})
    if response.drafted_by_id == actor.pk:
        raise ValidationError(
            _("审批：您是该回应稿的起草人，不能审批自己起草的回应稿，请由其他局领导审批")
        )
    if response.approved_at is not None:
        raise ValidationError(_("该回应稿已审批"))
    if TBC_MARK in response.statement:
        raise ValidationError(
            {"statement": _("回应稿：还有【待核实】的内容，请起草人核实补全后再审批")}
        )
    response.approved_by, response.approved_at = actor, at
    response.save(update_fields=["approved_by", "approved_at"])
    _audit(actor, event, f"审批舆情事件 #{event.pk} 的回应稿", approved_at=at)
    return response


@guarded("登记舆情回应发布", check=_writer)
def response_publish(
    *,
    actor,
    event: OpinionEvent,
    channel: str,
    published_at: dt.datetime | None,
    at: dt.datetime,
    text: str = "",
) -> OpinionPublication:
    """Record a publication of the approved statement (its text by default); the first one
    answers the event, a press conference answers the 重大 event's second clock."""
    response = _response(event)
    if response.approved_at is None:
        raise ValidationError(_("发布：回应稿尚未经局领导审批，不能登记发布"))
    if channel not in PublishChannel.values:
        raise ValidationError({"channel": _("发布渠道：请选择发布渠道")})
    _not_future(published_at, "published_at", _("回应发布时间"), at)
    if published_at < response.approved_at:
        raise ValidationError(
            {"published_at": _("回应发布时间：早于回应稿审批时间，请填写实际发布的时间")}
        )
    text = _text(text or response.statement, "text", _("发布内容"))
    if TBC_MARK in text:
        raise ValidationError({"text": _("发布内容：还有【待核实】的内容，不能登记发布")})
    publication = OpinionPublication.objects.create(
        response=response,
        channel=channel,
        published_at=published_at,
        text=text,
        recorded_by=actor,
        recorded_at=at,
    )
    if response.answered_at is None or published_at < response.answered_at:
        response.answered_at = published_at
    if channel == PublishChannel.CONFERENCE and (
        response.conference_at is None or published_at < response.conference_at
    ):
        response.conference_at = published_at
    response.save(update_fields=["answered_at", "conference_at"])
    event.status = OpinionEvent.Status.CLOSED
    event.save(update_fields=["status"])
    with override(settings.LANGUAGE_CODE):
        where = str(PublishChannel(channel).label)
    state = "按时" if response.answered_in_time else "超过回应时限"
    _audit(
        actor,
        event,
        f"登记舆情事件 #{event.pk} 的回应发布：{where} "
        f"{local_datetime(published_at):%Y-%m-%d %H:%M}（{state}）",
        channel=channel,
        published_at=published_at,
    )
    return publication


@guarded("登记宣传协调", check=_writer)
def response_coordinate(
    *,
    actor,
    event: OpinionEvent,
    organisation: str,
    held_at: dt.datetime | None,
    agreed: str,
    at: dt.datetime,
    other_name: str = "",
) -> OpinionCoordination:
    """One entry of the coordination with 区委宣传部, 区传媒集团 or another organisation."""
    if organisation not in Organisation.values:
        raise ValidationError({"organisation": _("协调单位：请选择协调单位")})
    other_name = other_name.strip()[:100] if organisation == Organisation.OTHER else ""
    if organisation == Organisation.OTHER and not other_name:
        raise ValidationError({"other_name": _("协调单位：选择“其他”时请注明单位名称")})
    _not_future(held_at, "held_at", _("协调时间"), at)
    agreed = _text(agreed, "agreed", _("商定事项"))
    entry = OpinionCoordination.objects.create(
        event=event,
        organisation=organisation,
        other_name=other_name,
        held_at=held_at,
        agreed=agreed,
        recorded_by=actor,
        recorded_at=at,
    )
    with override(settings.LANGUAGE_CODE):
        name = entry.organisation_name
    _audit(
        actor,
        event,
        f"登记舆情事件 #{event.pk} 与{name}的协调（{local_datetime(held_at):%Y-%m-%d %H:%M}）",
        organisation=organisation,
        agreed=agreed,
    )
    return entry


# -- reads -----------------------------------------------------------------------------------------


def responses_unanswered(*, assessed_by=None) -> QuerySet[OpinionResponse]:
    qs = OpinionResponse.objects.filter(answered_at__isnull=True).select_related("event")
    return qs.filter(assessed_by=assessed_by) if assessed_by is not None else qs


def event_link(event_id: int) -> str:
    return reverse("opinion:event", args=[event_id]) + "#event-response"


def response_work(*, user, now: dt.datetime) -> WorkSection | None:
    """“我的任务” (`response.hooks.more_work`): the responses this user assessed that are not yet
    published, the earliest deadline first."""
    if not may_respond(user):
        return None
    return WorkSection(
        key="opinion-responses",
        heading=_("舆情回应"),
        rows=[
            WorkRow(
                title=mask(r.event.title)[:80],
                source=_("舆情事件（%(grade)s），回应时限 %(due)s")
                % {
                    "grade": r.get_grade_display(),
                    "due": f"{local_datetime(r.due_at):%Y-%m-%d %H:%M}",
                },
                due_on=local_day(r.due_at),
                link=event_link(r.event_id),
                overdue=r.due_at < now,
            )
            for r in responses_unanswered(assessed_by=user)
        ],
    )


# -- the daily escalation (response.hooks.overdue_work) ----------------------------------------------


def _rung(response: OpinionResponse, today: dt.date) -> tuple[int, list] | None:
    if response.escalation == 0:
        return 1, [*responsible_section_staff(), response.assessed_by]
    if response.escalation == 1 and local_day(response.escalated_at) < today:
        return 2, list(responsible_leaders(None))
    return None


def opinion_responses_escalate(*, at: dt.datetime) -> dict[str, int]:
    """Each unanswered response past its deadline goes one rung a day (local days, ADR 0009):

    1. never escalated: tell the responsible section's staff and the assessor;
    2. escalated on an earlier day: tell the bureau's leaders.
    """
    today = local_day(at)
    moved = 0
    overdue = responses_unanswered().filter(due_at__lt=at, escalation__lt=2)
    for response in overdue.select_related("assessed_by"):
        rung = _rung(response, today)
        if rung is None:
            continue
        # why conditional: two runs of the job (two workers) must escalate each rung once
        if not OpinionResponse.objects.filter(
            pk=response.pk, escalation=response.escalation, answered_at__isnull=True
        ).update(escalation=rung[0], escalated_at=at):
            continue
        _tell_overdue(response, rung=rung[0], people=rung[1], at=at)
        moved += 1
    return {"opinion_responses": moved}


def _tell_overdue(response: OpinionResponse, *, rung: int, people: list, at: dt.datetime) -> None:
    title = recorded(N_("逾期催办：舆情回应“%(title)s”"), title=mask(response.event.title)[:60])
    notify(
        users=people,
        title=title,
        body=recorded(
            N_("回应时限 %(due)s，尚未发布回应（%(grade)s）"),
            due=f"{local_datetime(response.due_at):%Y-%m-%d %H:%M}",
            grade=ResponseGrade(response.grade).label,
        ),
        link=event_link(response.event_id),
        kind="overdue",
        at=at,
    )
    audit_record(
        action="update",
        actor_label="系统",
        obj=response.event,
        summary=f"{title.text}：已提醒"
        + "、".join(sorted({str(p) for p in people if p is not None}) or ["（无人）"]),
        after={"response": response.pk, "rung": rung},
    )
