"""Affected workers and 一人一策 plans (plan S4.2, S4.5, S4.6)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from layoffwatch.assistance import services as s
from layoffwatch.assistance.models import AffectedWorker, AssistancePlan, Measure
from layoffwatch.assistance.selectors import zero_employment_families
from layoffwatch.audit.models import AuditEntry
from layoffwatch.conftest import GUILIN
from layoffwatch.notifications.models import Notification
from layoffwatch.testing.people import NOW, id_number, with_wrong_check_digit


def _worker(people, **kw):
    values = {"actor": people.sam, "name": "张三", "id_number": id_number(), "at": NOW}
    values.update(kw)
    return s.worker_create(**values)


def test_it_turns_a_layoff_roster_into_workers_with_plans(people, layoff):
    """plan S4.2: the roster of a layoff becomes affected workers, each with a 一人一策 plan."""
    a, b = id_number(birth="19900101", male=False), id_number(birth="19700315")
    report = layoff(rows=[("李梅", a, "13900000001", "培训"), ("王强", b, "", "就业")])
    made = s.workers_from_report(report=report, actor=people.sam, at=NOW)
    assert [w.name for w in made] == ["李梅", "王强"]
    li = AffectedWorker.objects.get(name="李梅")
    assert (li.sex, li.age_on(NOW.date()), li.intention) == ("female", 36, "training")
    assert li.enterprise == people.guilin_factory and li.alert == report.alert
    assert li.plan.status == AssistancePlan.Status.OPEN
    assert li.plan.next_follow_up == NOW.date() + dt.timedelta(days=14)


def test_it_never_stores_the_id_number_in_clear(people):
    number = id_number()
    worker = _worker(people, id_number=number, phone="13912345678")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone FROM assistance_affectedworker WHERE id = %s", [worker.pk]
        )
        raw_id, raw_phone = cursor.fetchone()
    assert number not in raw_id and raw_id.startswith("fernet:")
    assert "13912345678" not in raw_phone
    assert AffectedWorker.objects.get(pk=worker.pk).id_number == number
    assert number not in str(list(AuditEntry.objects.values_list("summary", "after")))


def test_it_refuses_a_person_already_on_another_layoffs_roster(people, layoff, make_enterprise):
    """Bad input: duplicate people across rosters — clear message, nothing changed."""
    shared = id_number()
    first = layoff(rows=[("赵六", shared, "", "就业")])
    s.workers_from_report(report=first, actor=people.sam, at=NOW)
    other = make_enterprise(name="另一家企业")
    second = layoff(
        enterprise=other, rows=[("孙七", id_number(), "", "就业"), ("赵六", shared, "", "")]
    )
    with pytest.raises(ValidationError) as exc:
        s.workers_from_report(report=second, actor=people.sam, at=NOW)
    message = exc.value.messages[0]
    assert "第 2 人 赵六" in message and "已登记" in message and shared not in message
    assert AffectedWorker.objects.count() == 1  # 孙七 was not created either
    assert AuditEntry.objects.filter(action="rejected", summary__contains="赵六").exists()


def test_it_reopens_the_plan_of_a_placed_person_laid_off_again(people, layoff, make_enterprise):
    """plan S4.5: one record per person; a placed person on a new layoff's roster is helped again."""
    shared = id_number()
    first = layoff(rows=[("赵六", shared, "", "就业")])
    (worker,) = s.workers_from_report(report=first, actor=people.sam, at=NOW)
    AffectedWorker.objects.filter(pk=worker.pk).update(status=AffectedWorker.Status.PLACED)
    AssistancePlan.objects.filter(worker=worker).update(status=AssistancePlan.Status.CLOSED)
    other = make_enterprise(name="另一家企业")
    second = layoff(
        enterprise=other, rows=[("孙七", id_number(), "", "就业"), ("赵六", shared, "", "")]
    )
    made = s.workers_from_report(report=second, actor=people.sam, at=NOW)
    assert [w.name for w in made] == ["孙七", "赵六"]
    assert AffectedWorker.objects.count() == 2
    worker.refresh_from_db()
    assert (worker.enterprise, worker.status) == (other, AffectedWorker.Status.UNEMPLOYED)
    assert worker.plan.status == AssistancePlan.Status.OPEN
    assert AuditEntry.objects.filter(summary__contains="再次被裁减").exists()


def test_it_refuses_an_id_number_with_a_wrong_check_digit(people):
    bad = with_wrong_check_digit(id_number())
    with pytest.raises(ValidationError) as exc:
        _worker(people, id_number=bad)
    assert "校验位错误" in exc.value.messages[0]
    assert not AffectedWorker.objects.exists()
    assert AuditEntry.objects.filter(action="rejected", summary__contains="校验位").exists()


def test_it_accepts_old_tongnan_birthplace_codes(people):
    worker = _worker(people, id_number=id_number(region="510227"))
    assert worker.masked_id.startswith("510227") and "*" in worker.masked_id


def test_it_refuses_a_liaison_of_another_town(people, make_enterprise):
    from layoffwatch.conftest import ZITONG

    zitong = make_enterprise(town_id=ZITONG)
    with pytest.raises(PermissionDenied):
        _worker(people, actor=people.tina, enterprise=zitong)
    assert not AffectedWorker.objects.exists()


def test_it_checks_unemployment_insurance_with_the_policy(people):
    """plan S4.6: 6 years of contributions, laid off → 18 months (Regulations Art. 17)."""
    worker = _worker(people)
    worker = s.ui_check(worker=worker, actor=people.sam, at=NOW, contribution_months=72)
    assert worker.ui_eligible and worker.ui_months == 18
    assert any("18 个月" in r for r in worker.ui_reasons)
    short = s.ui_check(
        worker=_worker(people, name="新人"), actor=people.sam, at=NOW, contribution_months=8
    )
    assert short.ui_eligible is False
    assert Measure.objects.filter(kind="benefit").count() == 2


def test_it_asks_for_contribution_months_when_the_feed_has_none(people, tmp_path, settings):
    settings.LAKE_DIR = tmp_path
    worker = _worker(people)
    with pytest.raises(ValidationError) as exc:
        s.ui_check(worker=worker, actor=people.sam, at=NOW)
    assert "请填写累计缴费月数" in exc.value.messages[0]


def test_it_records_a_relief_referral_with_its_outcome(people):
    worker = _worker(people, hardship=True)
    m = s.measure_add(
        plan=worker.plan, kind="relief", date=NOW.date(), actor=people.sam, at=NOW, note="转介民政"
    )
    s.measure_outcome_set(measure=m, outcome="succeeded", actor=people.sam, at=NOW, amount=1500)
    m.refresh_from_db()
    assert m.get_outcome_display() == "已落实" and m.amount == 1500


def test_it_keeps_public_welfare_jobs_for_people_in_hardship(people):
    worker = _worker(people)
    with pytest.raises(ValidationError) as exc:
        s.measure_add(
            plan=worker.plan, kind="public_welfare", date=NOW.date(), actor=people.sam, at=NOW
        )
    assert "就业困难人员" in exc.value.messages[0]


def test_it_keeps_a_zero_employment_family_listed_until_a_member_works(people, make_enterprise):
    """plan S4.5, ADR 0055: the family leaves the list only through a job, and not while its
    flagged member is still being helped (一人一策 帮扶中)."""
    from layoffwatch.assistance.models import Vacancy

    mother = _worker(people, name="母亲", household_code="H-1", zero_employment_family=True)
    son = _worker(people, name="儿子", household_code="H-1", occupation="普工")
    listed = lambda: [f["key"] for f in zero_employment_families(user=people.sam)]  # noqa: E731
    assert listed() == ["H-1"]
    with pytest.raises(ValidationError) as exc:
        s.worker_update(worker=mother, actor=people.sam, at=NOW, zero_employment_family=False)
    assert "实现就业后才能移出" in exc.value.messages[0]
    assert listed() == ["H-1"]
    vacancy = Vacancy.objects.create(
        enterprise=make_enterprise(),
        occupation="普工",
        count=2,
        town_id=GUILIN,
        valid_until=NOW.date() + dt.timedelta(days=30),
    )
    s.placement_record(worker=son, vacancy=vacancy, actor=people.sam, at=NOW)
    assert listed() == ["H-1"]  # the mother is still 帮扶中
    s.placement_record(worker=mother, vacancy=vacancy, actor=people.sam, at=NOW)
    assert listed() == []


def test_a_family_with_a_working_member_leaves_the_list_once_the_flagged_plan_is_closed(
    people, make_enterprise
):
    """ADR 0055: staff close the flagged member's plan with a reason (a relative's job is known);
    a closed plan alone, with nobody working, clears nothing."""
    from layoffwatch.assistance.models import Vacancy

    mother = _worker(people, name="母亲", household_code="H-2", zero_employment_family=True)
    alone = _worker(people, name="独居老人", zero_employment_family=True)
    daughter = _worker(people, name="女儿", household_code="H-2")
    vacancy = Vacancy.objects.create(
        enterprise=make_enterprise(),
        occupation="质检员",
        count=1,
        town_id=GUILIN,
        valid_until=NOW.date() + dt.timedelta(days=30),
    )
    s.placement_record(worker=daughter, vacancy=vacancy, actor=people.sam, at=NOW)
    s.plan_close(plan=alone.plan, reason="迁出本区", actor=people.sam, at=NOW)
    keys = {f["key"] for f in zero_employment_families(user=people.sam)}
    assert keys == {"H-2", f"worker-{alone.pk}"}
    s.plan_close(plan=mother.plan, reason="女儿已稳定就业", actor=people.sam, at=NOW)
    keys = {f["key"] for f in zero_employment_families(user=people.sam)}
    assert keys == {f"worker-{alone.pk}"}


def test_it_reminds_the_adviser_until_the_person_is_placed(people):
    worker = _worker(people)
    with time_machine.travel(NOW + dt.timedelta(days=15), tick=False):
        later = NOW + dt.timedelta(days=15)
        assert s.follow_up_reminders(at=later) == 1
        assert s.follow_up_reminders(at=later) == 0  # once a day
    note = Notification.objects.get(recipient=people.sam)
    assert "跟踪回访" in note.title and worker.name in note.title
    s.plan_close(plan=worker.plan, reason="迁出本区", actor=people.sam, at=NOW)
    assert s.follow_up_reminders(at=NOW + dt.timedelta(days=40)) == 0


def test_it_refuses_to_close_a_plan_without_a_reason(people):
    worker = _worker(people)
    with pytest.raises(ValidationError):
        s.plan_close(plan=worker.plan, reason=" ", actor=people.sam, at=NOW)
    worker.plan.refresh_from_db()
    assert worker.plan.status == "open"
