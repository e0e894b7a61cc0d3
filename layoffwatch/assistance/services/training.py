"""Training (plan S4.4): courses (project training for an enterprise cutting flexibly),
enrolment within capacity, completion."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from layoffwatch.accounts.roles import require_writer
from layoffwatch.audit.refusals import guarded
from layoffwatch.audit.services import snapshot
from layoffwatch.core.clock import local_day

from ..models import AffectedWorker, Course, Enrolment, Measure
from .common import audit_change, require_enterprise_scope, require_worker_scope, set_status


@guarded("新建培训课程")
def course_create(*, actor, at: dt.datetime, **fields) -> Course:
    require_writer(actor, "新建培训课程")
    if fields.get("enterprise") is not None:
        require_enterprise_scope(actor, fields["enterprise"], "为该企业新建项目制培训")
    course = Course(created_at=at, **fields)
    course.full_clean()
    if course.ends_on < course.starts_on:
        raise ValidationError({"ends_on": "结业日期不能早于开班日期"})
    if course.kind == Course.Kind.PROJECT and course.enterprise is None:
        raise ValidationError({"enterprise": "项目制培训须选择灵活减员的企业"})
    course.save()
    audit_change(
        "create",
        actor=actor,
        obj=course,
        summary=f"新建培训课程 {course.name}（{course.capacity} 人）",
        after=snapshot(course),
    )
    return course


@guarded("培训报名")
def enrol(*, course: Course, worker: AffectedWorker, actor, at: dt.datetime) -> Enrolment:
    """Enrol a person from their plan; the course's capacity is enforced under a row lock."""
    # why lock the course: two enrolments for the last seat must not both succeed
    course = Course.objects.select_for_update().get(pk=course.pk)
    worker = AffectedWorker.objects.select_for_update().get(pk=worker.pk)
    require_worker_scope(actor, worker, "培训报名")
    taken = course.enrolments.exclude(status=Enrolment.Status.DROPPED).count()
    if taken >= course.capacity:
        raise ValidationError(
            {"course": f"《{course.name}》名额已满（{course.capacity} 人），不能再报名"}
        )
    if course.ends_on < local_day(at):
        raise ValidationError({"course": f"《{course.name}》已结业，不能报名"})
    if course.enrolments.filter(worker=worker).exists():
        raise ValidationError({"course": f"{worker.name} 已报名《{course.name}》"})
    if worker.is_working:
        raise ValidationError({"worker": f"{worker.name} 已就业"})
    enrolment = Enrolment.objects.create(course=course, worker=worker, enrolled_at=at)
    set_status(worker, AffectedWorker.Status.TRAINING, at=at)
    Measure.objects.create(
        plan=worker.plan,
        kind=Measure.Kind.TRAINING,
        date=local_day(at),
        note=f"报名《{course.name}》"[:500],
        recorded_by=actor,
        recorded_at=at,
    )
    audit_change(
        "create",
        actor=actor,
        obj=enrolment,
        summary=f"{worker.name} 报名培训《{course.name}》（{taken + 1}/{course.capacity}）",
        after={"course": course.pk, "worker": worker.pk},
    )
    return enrolment


@guarded("登记培训结业")
def enrolment_complete(
    *, enrolment: Enrolment, actor, at: dt.datetime, completed: bool = True, certificate: str = ""
) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("worker", "course")
        .get(pk=enrolment.pk)
    )
    worker = enrolment.worker
    require_worker_scope(actor, worker, "登记培训结业")
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise ValidationError({"enrolment": "该报名已结业或退训"})
    enrolment.status = Enrolment.Status.COMPLETED if completed else Enrolment.Status.DROPPED
    enrolment.completed_at, enrolment.certificate = at, certificate[:100]
    enrolment.save()
    outcome = Measure.Outcome.SUCCEEDED if completed else Measure.Outcome.FAILED
    Measure.objects.filter(
        plan__worker=worker, kind=Measure.Kind.TRAINING, outcome=Measure.Outcome.PENDING
    ).update(outcome=outcome)
    if worker.status == AffectedWorker.Status.TRAINING:
        # back to looking for work: placement after training is the next step (plan S4.2)
        set_status(worker, AffectedWorker.Status.UNEMPLOYED, at=at)
    audit_change(
        "update",
        actor=actor,
        obj=enrolment,
        summary=f"{worker.name} 《{enrolment.course.name}》{enrolment.get_status_display()}"
        + (f"，证书 {certificate}" if certificate else ""),
        after={"status": enrolment.status},
    )
    return enrolment
