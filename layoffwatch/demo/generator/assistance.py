"""Assistance, rights and credit (ADR 0070–0073): the closed level-2 case whose people were
helped back into work, told through the real services."""

import datetime as dt
import io

from openpyxl import Workbook

from layoffwatch.alerts.services import alert_lift, alert_transition
from layoffwatch.assistance import services as a
from layoffwatch.core.clock import local_day
from layoffwatch.core.validators import id_number_with_check_digit
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.rights import services as r

from .clock import Story
from .steps import all_done, as_the_queue_would, phone_report, step_done, task_done


def _demo_id_number(n: int) -> str:
    """A valid ID number with Tongnan's old birthplace code 500223 (never a real person's: the
    sequence digits 9xx are not issued)."""
    birth = dt.date(1968, 1, 1) + dt.timedelta(days=397 * n)
    return id_number_with_check_digit(f"500223{birth:%Y%m%d}9{n % 100:02d}")


def _demo_roster(rows: list[tuple[str, str, str]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "受影响职工名单"
    ws.append(["姓名", "身份证号码", "联系电话", "意向"])
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def generate_assistance(story: Story, *, enterprise, cut: int, users: dict, summary: dict):
    """A closed level-2 case, closed the way the plan wants (plan S2.2, S4, S6.2), through the real
    services over about five weeks: a phone report with its roster of affected workers raises a
    level-2 alert; the task force reports it, makes and files the risk-control plan; each worker
    gets a 一人一策 plan (placed, training, benefits, relief), the enterprise a 一企一策 support
    plan that cut the layoff, a wage-arrears case is paid; then the alert is lifted and the
    written report drafted with these figures. Two laid-off members of one household (TN-002)
    are a zero-employment family still being helped (plan S4.5): the one open family on the list.

    A story for `in_time_order` (see generate_cases), told in the phases below; fills `summary`."""
    staff, talent, enforcement = users["employment"], users["talent"], users.get("enforcement")
    e = enterprise
    alert, workers = yield from _reported_with_roster(
        story, enterprise=e, cut=cut, staff=staff, talent=talent
    )
    vacancy, gig, agency = yield from _vacancies(story, enterprise=e, talent=talent)
    yield story.later(100, 400)  # within the plan's 3 working days (plan S5.2)
    step_done(alert.case, "plan", level=2, actor=staff, at=story.at)
    yield story.later(20, 90)
    step_done(alert.case, "filing", level=2, actor=staff, at=story.at)
    # the other steps and the annex tasks, each unit its own, with the plan (ADR 0051)
    yield from all_done(story, alert.case, staff=staff, users=users)
    course = yield from _training_and_benefits(story, workers=workers, talent=talent)
    plan = yield from _support_plan(story, enterprise=e, alert=alert, talent=talent)
    case = yield from _wage_case(story, enterprise=e, alert=alert, enforcement=enforcement)
    relief = yield from _back_to_work(
        story,
        workers=workers,
        jobs=(vacancy, gig),
        agency=agency,
        plan=plan,
        alert=alert,
        talent=talent,
    )
    yield from _wages_paid(story, case=case, enforcement=enforcement)
    yield from _relief_and_welfare(story, relief=relief, workers=workers, talent=talent)
    # the course has ended (three weeks after it began): the electrician's certificate
    yield story.on(6, dt.time(9, 0), dt.time(16, 0))
    if local_day(story.at) >= course.ends_on:
        a.enrolment_complete(
            enrolment=workers[6].enrolments.get(), actor=talent, at=story.at, certificate="电工五级"
        )
    yield story.on(4, dt.time(9, 0), dt.time(16, 0))
    alert_transition(alert=alert, to_status="under_control", actor=staff, at=story.at)
    yield story.on(3, dt.time(9, 0), dt.time(16, 0))
    alert_lift(
        alert=alert,
        actor=staff,
        reason="受影响职工已妥善安置，企业恢复正常生产经营秩序",
        at=story.at,
    )
    summary.update(
        {"workers": len(workers), "case": alert.case.pk, "disputes": int(case is not None)}
    )


def _reported_with_roster(story: Story, *, enterprise, cut: int, staff, talent):
    """The phone report with its roster raises the level-2 alert; the task force responds and
    reports it; 就业和人才中心 registers the eight workers from the roster and completes each
    one's details (plan S4.2). Returns (the alert, the workers)."""
    names = ["陈建华", "刘秀英", "杨志强", "黄丽", "周伟", "吴桂兰", "徐军", "孙芳"]
    occupations = ["焊工", "普工", "叉车司机", "质检员", "焊工", "普工", "电工", "包装工"]
    roster = [
        (name, _demo_id_number(i + 1), f"1390231{i:04d}", "培训" if i in (1, 6) else "就业")
        for i, name in enumerate(names)
    ]
    yield story.start(24, dt.time(8, 40), dt.time(11, 0))
    alert = phone_report(
        enterprise=enterprise,
        cut=cut,
        at=story.at,
        staff=staff,
        note="演示数据：电话报告，附受影响职工名单",
        roster=_demo_roster(roster),
    )
    as_the_queue_would(alert, at=story.at)
    yield story.later(10, 40)
    alert_transition(alert=alert, to_status="responding", actor=staff, at=story.at)
    yield story.later(15, 80)  # within the 2 hours of plan S5.2
    step_done(alert.case, "report", level=2, actor=staff, at=story.at)
    yield story.later(60, 240)
    workers = a.workers_from_report(report=alert.layoff_reports.get(), actor=talent, at=story.at)
    for i, w in enumerate(workers):
        yield story.later(3, 12)
        a.worker_update(
            worker=w,
            actor=talent,
            at=story.at,
            occupation=occupations[i],
            skills=occupations[i],
            expected_wage=3500 + 200 * i,
            household_code="TN-002" if i in (2, 3) else "",
            zero_employment_family=i in (2, 3),
            hardship=i in (5, 7),
        )
    workers = [type(w).objects.get(pk=w.pk) for w in workers]
    yield story.later(60, 200)
    task_done(
        alert.case,
        lead="talent_center",
        actor=talent,
        at=story.at,
    )
    return alert, workers


def _vacancies(story: Story, *, enterprise, talent):
    """The largest other employer of the town posts a welder's vacancy and a gig (plan S4.3).
    Returns (vacancy, gig, the first HR agency of the registry)."""
    employer = (
        Enterprise.objects.filter(
            source=Enterprise.Source.DEMO, town=enterprise.town, is_hr_agency=False
        )
        .exclude(pk=enterprise.pk)
        .order_by("-insured_headcount", "uscc")
        .first()
        or enterprise
    )
    agency = (
        Enterprise.objects.filter(source=Enterprise.Source.DEMO, is_hr_agency=True)
        .order_by("uscc")
        .first()
    )
    yield story.later(100, 300)
    vacancy = a.vacancy_create(
        enterprise=employer,
        actor=talent,
        at=story.at,
        occupation="焊工",
        skills="焊工 电焊",
        count=3,
        town=enterprise.town,
        wage_min=4000,
        wage_max=5500,
        valid_until=local_day(story.at) + dt.timedelta(days=60),
    )
    yield story.later(10, 60)
    gig = a.vacancy_create(
        enterprise=employer,
        actor=talent,
        at=story.at,
        occupation="普工",
        count=5,
        town=enterprise.town,
        wage_min=150,
        wage_max=200,
        valid_until=local_day(story.at) + dt.timedelta(days=20),
        is_gig=True,
        gig_days=7,
        requirements="零工市场短期用工，日结",
    )
    return vacancy, gig, agency


def _training_and_benefits(story: Story, *, workers: list, talent):
    """A 巴渝工匠 electrician's course with two of the workers (plan S4.4), and three checked
    for unemployment insurance (plan S4.5). Returns the course."""
    yield story.later(60, 300)
    course_day = local_day(story.at)
    course = a.course_create(
        actor=talent,
        at=story.at,
        name="巴渝工匠·电工（初级）",
        kind="bayu",
        provider="潼南区职业教育中心",
        occupation="电工",
        starts_on=course_day + dt.timedelta(days=1),
        ends_on=course_day + dt.timedelta(days=21),
        capacity=20,
    )
    for w in (workers[1], workers[6]):
        yield story.later(10, 60)
        a.enrol(course=course, worker=w, actor=talent, at=story.at)
    for i, months in ((2, 30), (5, 75), (7, 140)):
        yield story.later(30, 200)
        a.ui_check(worker=workers[i], actor=talent, at=story.at, contribution_months=months)
    return course


def _support_plan(story: Story, *, enterprise, alert, talent):
    """The enterprise's 一企一策 support plan (plan S2.2): social-insurance and training aid.
    Returns the plan."""
    yield story.later(100, 400)
    plan = a.support_plan_create(
        enterprise=enterprise,
        planned_cut=alert.total_in_window,
        alert=alert,
        actor=talent,
        at=story.at,
    )
    a.support_item_add(plan=plan, kind="social_insurance", amount=120000, actor=talent, at=story.at)
    a.support_item_add(plan=plan, kind="training", amount=36000, actor=talent, at=story.at)
    return plan


def _wage_case(story: Story, *, enterprise, alert, enforcement):
    """The laid-off workers report a month's unpaid wages; 执法支队 files the case (plan S4.6).
    Returns the case, or None without an enforcement account."""
    if enforcement is None:
        return None
    yield story.later(60, 300)
    case = r.rights_case_create(
        kind="wage_arrears",
        dispute_type="wages",
        enterprise=enterprise,
        alert=alert,
        summary="裁员职工反映拖欠一个月工资",
        workers_involved=12,
        migrant_workers=True,
        received_at=story.at,
        actor=enforcement,
        at=story.at,
        amount_owed=54000,
    )
    yield story.later(30, 200)
    r.rights_stage_record(case=case, stage="filed", actor=enforcement, at=story.at)
    return case


def _back_to_work(story: Story, *, workers: list, jobs: tuple, agency, plan, alert, talent):
    """Three workers placed (one through the HR agency, one in the gig), one in hardship referred
    for relief; the enterprise accepts its support plan and cuts 18 fewer. Returns the relief."""
    vacancy, gig = jobs
    yield story.later(300, 700)
    a.placement_record(worker=workers[0], vacancy=vacancy, actor=talent, at=story.at)
    yield story.later(100, 500)
    measure_day = local_day(story.at)
    relief = a.measure_add(
        plan=workers[5].plan,
        kind="relief",
        date=measure_day,
        actor=talent,
        at=story.at,
        note="转介区民政局临时救助",
    )
    yield story.later(200, 700)
    a.support_plan_decide(
        plan=plan,
        accepted=True,
        final_cut=max(alert.total_in_window - 18, 0),
        actor=talent,
        at=story.at,
        note="企业采纳社保补贴和以工代训方案，转岗安置 18 人",
    )
    yield story.later(100, 500)
    a.placement_record(worker=workers[4], vacancy=vacancy, actor=talent, at=story.at, agency=agency)
    yield story.later(30, 300)
    a.placement_record(worker=workers[5], vacancy=gig, actor=talent, at=story.at)
    return relief


def _wages_paid(story: Story, *, case, enforcement):
    """The enterprise pays the arrears in full and the case is closed (plan S4.6)."""
    if case is None:
        return
    yield story.later(200, 600)
    r.arrears_payment_add(
        case=case, paid_on=local_day(story.at), amount=54000, workers=12, actor=enforcement,
        at=story.at,
    )  # fmt: skip
    yield story.later(30, 200)
    r.rights_stage_record(
        case=case, stage="closed", actor=enforcement, at=story.at, outcome="企业已足额支付"
    )


def _relief_and_welfare(story: Story, *, relief, workers: list, talent):
    """The relief is paid, and one more worker takes a public-welfare post (plan S4.5)."""
    yield story.later(300, 900)
    a.measure_outcome_set(
        measure=relief, outcome="succeeded", actor=talent, at=story.at, amount=2000
    )
    yield story.later(100, 400)
    a.measure_add(
        plan=workers[7].plan,
        kind="public_welfare",
        date=local_day(story.at),
        outcome="succeeded",
        actor=talent,
        at=story.at,
        note="安置社区保洁公益性岗位",
    )
