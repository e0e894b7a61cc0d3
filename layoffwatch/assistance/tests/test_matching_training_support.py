"""Matching (余缺调剂, plan S4.3), training (S4.4) and 一企一策 (S2.2, S4.2)."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from layoffwatch.assistance import services as s
from layoffwatch.assistance.models import AffectedWorker, Enrolment, Referral, Vacancy
from layoffwatch.assistance.selectors import (
    agency_placements,
    cuts_avoided,
    vacancies_for,
    workers_for,
)
from layoffwatch.audit.models import AuditEntry
from layoffwatch.conftest import GUILIN, ZITONG
from layoffwatch.testing.people import NOW, id_number

SOON = NOW.date() + dt.timedelta(days=30)


def _worker(people, **kw):
    values = {"actor": people.sam, "name": "张三", "id_number": id_number(), "at": NOW}
    values.update(kw)
    return s.worker_create(**values)


def _vacancy(people, enterprise, **kw):
    values = {
        "enterprise": enterprise,
        "actor": people.sam,
        "at": NOW,
        "occupation": "焊工",
        "count": 1,
        "town_id": GUILIN,
        "valid_until": SOON,
    }
    values.update(kw)
    town = values.pop("town_id")
    from layoffwatch.reference.models import Town

    return s.vacancy_create(town=Town.objects.get(code=town), **values)


def test_it_ranks_vacancies_for_a_person_with_reasons(people):
    from layoffwatch.reference.models import Town

    worker = _worker(
        people,
        occupation="焊工",
        skills="电焊 氩弧焊",
        expected_wage=4000,
        town=Town.objects.get(code=GUILIN),
    )
    near = _vacancy(people, people.guilin_factory, skills="电焊", wage_max=5000)
    far = _vacancy(people, people.zitong_factory, town_id=ZITONG, wage_max=3000)
    _vacancy(people, people.zitong_factory, occupation="会计", town_id=ZITONG)
    rows = vacancies_for(worker, user=people.sam, on=NOW.date())
    assert [r["vacancy"] for r in rows] == [near, far]
    assert any("离家近" in r for r in rows[0]["reasons"])
    assert any("电焊" in r for r in rows[0]["reasons"])
    assert workers_for(near, user=people.sam, on=NOW.date())[0]["worker"] == worker


def test_it_places_a_referred_person_and_closes_the_plan(people):
    worker = _worker(people, occupation="焊工")
    vacancy = _vacancy(people, people.guilin_factory)
    referral = s.referral_create(worker=worker, vacancy=vacancy, actor=people.sam, at=NOW)
    assert referral.reasons
    s.referral_outcome_set(referral=referral, outcome="hired", actor=people.sam, at=NOW)
    worker.refresh_from_db()
    assert worker.get_status_display() == "已就业"
    assert worker.plan.status == "closed" and "已实现就业" in worker.plan.closed_reason
    other = _worker(people, name="李四", occupation="焊工")
    with pytest.raises(ValidationError) as exc:
        s.placement_record(worker=other, vacancy=vacancy, actor=people.sam, at=NOW)
    assert "已招满" in exc.value.messages[0] or "已招满" in str(exc.value)


def test_it_refuses_a_placement_without_a_vacancy(people):
    worker = _worker(people)
    with pytest.raises(ValidationError) as exc:
        s.placement_record(worker=worker, vacancy=None, actor=people.sam, at=NOW)
    assert "须选择录用该职工的岗位" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        s.worker_status_set(worker=worker, status="placed", actor=people.sam, at=NOW)
    worker.refresh_from_db()
    assert worker.status == "unemployed"
    assert AuditEntry.objects.filter(action="rejected", summary__contains="登记就业").exists()


def test_it_counts_agency_placements_for_job_referral_subsidies(people):
    worker = _worker(people)
    vacancy = _vacancy(people, people.zitong_factory, town_id=ZITONG)
    s.placement_record(
        worker=worker, vacancy=vacancy, actor=people.sam, at=NOW, agency=people.agency_firm
    )
    assert [r.worker for r in agency_placements(user=people.agnes)] == [worker]


def test_it_posts_gig_jobs_and_imports_vacancies_from_xlsx(people):
    gig = _vacancy(people, people.guilin_factory, occupation="搬运", is_gig=True, gig_days=3)
    assert gig.is_gig
    wb = Workbook()
    ws = wb.active
    ws.append(["统一社会信用代码", "岗位/工种", "招聘人数", "工作地点（镇街）", "有效期至"])
    ws.append([people.guilin_factory.uscc, "普工", 5, "桂林街道", SOON.isoformat()])
    ws.append([people.guilin_factory.uscc, "", "五", "月球", "明天"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ValidationError) as exc:
        s.vacancies_import(data=buf.getvalue(), actor=people.sam, at=NOW)
    text = "；".join(exc.value.messages)
    assert "第 3 行" in text and "招聘人数应为整数" in text and "镇街“月球”不存在" in text
    assert Vacancy.objects.count() == 1  # nothing imported
    ws.delete_rows(3)
    buf = io.BytesIO()
    wb.save(buf)
    assert len(s.vacancies_import(data=buf.getvalue(), actor=people.sam, at=NOW)) == 1


def test_it_enforces_a_courses_capacity(people):
    """Bad input: enrolments beyond capacity — clear message, nothing changed."""
    course = s.course_create(
        actor=people.sam,
        at=NOW,
        name="巴渝工匠·电工",
        kind="bayu",
        provider="潼南职教中心",
        starts_on=NOW.date(),
        ends_on=SOON,
        capacity=1,
    )
    first, second = _worker(people), _worker(people, name="李四")
    s.enrol(course=course, worker=first, actor=people.sam, at=NOW)
    with pytest.raises(ValidationError) as exc:
        s.enrol(course=course, worker=second, actor=people.sam, at=NOW)
    assert "名额已满（1 人）" in exc.value.messages[0]
    second.refresh_from_db()
    assert second.status == "unemployed" and Enrolment.objects.count() == 1
    enrolment = Enrolment.objects.get()
    s.enrolment_complete(enrolment=enrolment, actor=people.sam, at=NOW, certificate="电工四级")
    first.refresh_from_db()
    assert first.status == AffectedWorker.Status.UNEMPLOYED  # trained, now looking for work


def test_it_runs_a_job_fair_with_suggested_people_and_placements(people):
    worker = _worker(people, occupation="焊工")
    vacancy = _vacancy(people, people.guilin_factory)
    from layoffwatch.reference.models import Town

    fair = s.fair_create(
        name="春风行动招聘会",
        date=NOW.date(),
        town=Town.objects.get(code=GUILIN),
        actor=people.sam,
        at=NOW,
    )
    suggested = [r["worker"] for r in workers_for(vacancy, user=people.sam, on=NOW.date())]
    invites = s.fair_invite(
        fair=fair, actor=people.sam, at=NOW, enterprises=[people.guilin_factory], workers=suggested
    )
    person = next(i for i in invites if i.worker_id)
    with pytest.raises(ValidationError):
        s.fair_result(invite=person, actor=people.sam, at=NOW, attended=True, placed=True)
    s.fair_result(
        invite=person, actor=people.sam, at=NOW, attended=True, placed=True, placed_vacancy=vacancy
    )
    worker.refresh_from_db()
    assert worker.status == "placed"
    assert Referral.objects.get(worker=worker).outcome == "hired"


def test_it_screens_the_job_retention_refund_and_counts_cuts_avoided(people):
    """plan S4.2: 一企一策; the refund passes only the policy's layoff-rate screen."""
    plan = s.support_plan_create(
        enterprise=people.guilin_factory, planned_cut=60, actor=people.sam, at=NOW
    )
    with pytest.raises(ValidationError) as exc:
        s.support_item_add(
            plan=plan,
            kind="retention_refund",
            amount=50000,
            actor=people.sam,
            at=NOW,
            insured_at_start=120,
            insured_at_end=100,
        )
    assert "不符合稳岗返还" in exc.value.messages[0]
    s.support_item_add(
        plan=plan,
        kind="retention_refund",
        amount=30000,
        actor=people.sam,
        at=NOW,
        insured_at_start=120,
        insured_at_end=117,
    )
    s.support_item_add(plan=plan, kind="social_insurance", amount=20000, actor=people.sam, at=NOW)
    with pytest.raises(ValidationError):
        s.support_plan_decide(plan=plan, accepted=True, final_cut=70, actor=people.sam, at=NOW)
    s.support_plan_decide(plan=plan, accepted=True, final_cut=25, actor=people.sam, at=NOW)
    assert cuts_avoided() == {"plans": 1, "avoided": 35}


@time_machine.travel(NOW, tick=False)
def test_it_takes_vacancies_over_the_api(people, client):
    from layoffwatch.accounts.services import token_issue

    raw = token_issue(user=people.agnes, name="test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    body = {
        "enterprise_uscc": people.zitong_factory.uscc,
        "occupation": "装配工",
        "count": 4,
        "town_code": ZITONG,
        "valid_until": SOON.isoformat(),
        "wage_max": 5000,
    }
    response = client.post("/api/v1/vacancies", body, content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    assert response.json()["open_positions"] == 4
    body["valid_until"] = "2020-01-01"
    response = client.post("/api/v1/vacancies", body, content_type="application/json", **auth)
    assert response.status_code == 422
    assert response.json()["detail"][0]["message"] == "有效期不能早于今天"
    listed = client.get("/api/v1/vacancies", **auth).json()
    assert [v["occupation"] for v in listed] == ["装配工"]
