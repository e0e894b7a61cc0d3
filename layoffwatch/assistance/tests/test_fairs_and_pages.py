"""Assistance pages (ADR 0071): job fairs (余缺调剂招聘活动, plan S4.3) with invitations
suggested by matching, attendance, offers and placements; reassigning a 一人一策 adviser and
editing a worker (S4.5); an enterprise account posting its own vacancies (S4.2)."""

import datetime as dt

import time_machine

from layoffwatch.accounts.roles import Role
from layoffwatch.accounts.services import user_create
from layoffwatch.assistance import services as s
from layoffwatch.assistance.models import AffectedWorker, FairInvite, JobFair, Vacancy
from layoffwatch.audit.models import AuditEntry
from layoffwatch.conftest import GUILIN, PASSWORD, ZITONG
from layoffwatch.reference.models import Town
from layoffwatch.testing.people import NOW, id_number

SOON = NOW.date() + dt.timedelta(days=30)


def _town(code=GUILIN):
    return Town.objects.get(code=code)


def _welder(people, **kw):
    values = {
        "actor": people.sam,
        "name": "张焊工",
        "id_number": id_number(),
        "at": NOW,
        "occupation": "焊工",
        "skills": "电焊",
        "town": _town(),
    }
    values.update(kw)
    return s.worker_create(**values)


def _vacancy(people, enterprise, **kw):
    values = {
        "enterprise": enterprise,
        "actor": people.sam,
        "at": NOW,
        "occupation": "焊工",
        "skills": "电焊",
        "count": 2,
        "town": _town(),
        "valid_until": SOON,
    }
    values.update(kw)
    return s.vacancy_create(**values)


def _fair(people, **kw):
    values = {"name": "春风行动招聘会", "date": NOW.date(), "town": _town(), "actor": people.sam}
    values.update(kw)
    return s.fair_create(at=NOW, **values)


def test_it_creates_a_job_fair_on_its_page_and_lists_it(people, login):
    client = login(people.sam)
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            "/assistance/fairs/",
            {"name": "春风行动招聘会", "date": NOW.date().isoformat(), "town": GUILIN},
            follow=True,
        )
    html = response.content.decode()
    assert "招聘活动已创建" in html and "春风行动招聘会" in html
    assert "春风行动招聘会" in client.get("/assistance/fairs/").content.decode()
    assert AuditEntry.objects.filter(summary__contains="创建招聘活动 春风行动招聘会").exists()


def test_it_suggests_enterprises_and_matching_people_and_invites_them(people, login):
    """plan S4.3: the fair's invitations come from the matching service, with its reasons."""
    welder = _welder(people)
    _welder(  # matches nothing: another trade, another town, wants training
        people,
        name="李会计",
        occupation="会计",
        skills="记账",
        town=_town(ZITONG),
        intention="training",
    )
    _vacancy(people, people.guilin_factory)
    fair = _fair(people)
    client = login(people.sam)
    with time_machine.travel(NOW, tick=False):
        html = client.get(f"/assistance/fairs/{fair.pk}/").content.decode()
        assert "桂林食品有限公司" in html and "张焊工" in html and "李会计" not in html
        assert "技能匹配：电焊" in html
        client.post(
            f"/assistance/fairs/{fair.pk}/",
            {"action": "invite", "enterprise": [people.guilin_factory.pk], "worker": [welder.pk]},
        )
    assert set(FairInvite.objects.filter(fair=fair).values_list("enterprise_id", "worker_id")) == {
        (people.guilin_factory.pk, None),
        (None, welder.pk),
    }


def test_it_records_attendance_offers_and_a_placement_at_the_fair(people, login):
    welder = _welder(people)
    vacancy = _vacancy(people, people.guilin_factory)
    fair = _fair(people)
    s.fair_invite(
        fair=fair, actor=people.sam, at=NOW, enterprises=[people.guilin_factory], workers=[welder]
    )
    firm = FairInvite.objects.get(fair=fair, enterprise=people.guilin_factory)
    person = FairInvite.objects.get(fair=fair, worker=welder)
    client = login(people.sam)
    url = f"/assistance/fairs/{fair.pk}/"
    with time_machine.travel(NOW, tick=False):
        client.post(url, {"action": "result", "invite": firm.pk, "attended": "1", "offers": "3"})
        html = client.post(
            url,
            {"action": "result", "invite": person.pk, "attended": "1", "placed": "1"},
            follow=True,
        ).content.decode()
        assert "登记就业须选择录用该职工的岗位" in html  # a placement needs its vacancy
        assert AffectedWorker.objects.get(pk=welder.pk).status == "unemployed"
        html = client.post(
            url,
            {
                "action": "result",
                "invite": person.pk,
                "attended": "1",
                "placed": "1",
                "vacancy": vacancy.pk,
            },
            follow=True,
        ).content.decode()
    assert "已现场录用" in html
    assert 'data-testid="fair-placed">1<' in html and 'data-testid="fair-offers">3<' in html
    assert AffectedWorker.objects.get(pk=welder.pk).status == "placed"
    assert Vacancy.objects.get(pk=vacancy.pk).referrals.get().outcome == "hired"


def test_it_keeps_a_fair_within_the_liaisons_town(people, login, make_enterprise):
    """Scope: Tina (桂林街道) sees the fair but neither 梓潼街道's people nor their results, and
    cannot hold a fair in another town."""
    zitong = make_enterprise(town_id=ZITONG)
    far = _welder(people, name="远方", town=_town(ZITONG), enterprise=zitong)
    fair = _fair(people)
    s.fair_invite(fair=fair, actor=people.sam, at=NOW, workers=[far])
    invite = FairInvite.objects.get(fair=fair, worker=far)
    client = login(people.tina)
    with time_machine.travel(NOW, tick=False):
        html = client.get(f"/assistance/fairs/{fair.pk}/").content.decode()
        assert "春风行动招聘会" in html and "远方" not in html
        response = client.post(
            f"/assistance/fairs/{fair.pk}/",
            {"action": "result", "invite": invite.pk, "attended": "1"},
        )
        assert response.status_code == 404
        client.post(
            "/assistance/fairs/",
            {"name": "梓潼专场", "date": NOW.date().isoformat(), "town": ZITONG},
        )
    assert not FairInvite.objects.get(pk=invite.pk).attended
    assert not JobFair.objects.filter(name="梓潼专场").exists()
    assert AuditEntry.objects.filter(summary__contains="镇街联络员只能在本镇街举办").exists()
    assert login(people.ed).get("/assistance/fairs/").status_code == 403
    assert login(people.agnes).get("/assistance/fairs/").status_code == 403


def test_it_reassigns_the_advisor_of_a_plan(people, login):
    worker = _welder(people)
    assert worker.plan.adviser == people.sam
    client = login(people.sam)
    html = client.get(f"/assistance/workers/{worker.pk}/").content.decode()
    assert 'id="adviser-form"' in html
    html = client.post(
        f"/assistance/workers/{worker.pk}/adviser/", {"adviser": people.tina.pk}, follow=True
    ).content.decode()
    assert "帮扶人员已更换" in html
    assert 'data-testid="adviser">tina<' in html
    # an enterprise account is no adviser: refused, nothing changed
    client.post(f"/assistance/workers/{worker.pk}/adviser/", {"adviser": people.ed.pk})
    worker.plan.refresh_from_db()
    assert worker.plan.adviser == people.tina
    assert AuditEntry.objects.filter(summary__contains="的帮扶人员改为 tina").exists()


def test_it_edits_a_worker_keeping_the_phone_masked(people, login):
    worker = _welder(people, phone="13912345678")
    client = login(people.sam)
    html = client.get(f"/assistance/workers/{worker.pk}/edit/").content.decode()
    assert "13912345678" not in html and worker.masked_phone in html
    response = client.post(
        f"/assistance/workers/{worker.pk}/edit/",
        {"occupation": "电焊工", "skills": "电焊 氩弧焊", "intention": "training", "town": GUILIN},
        follow=True,
    )
    assert "职工信息已修改" in response.content.decode()
    worker.refresh_from_db()
    assert (worker.occupation, worker.intention, worker.phone) == (
        "电焊工",
        "training",
        "13912345678",
    )
    entry = AuditEntry.objects.filter(summary__contains="修改受影响职工 张焊工").get()
    assert entry.after["occupation"] == "电焊工"


def test_it_refuses_to_clear_a_zero_employment_flag_on_the_edit_page(people, login):
    """plan S4.5: a family leaves the list only when a member is placed."""
    worker = _welder(people, zero_employment_family=True)
    response = login(people.sam).post(
        f"/assistance/workers/{worker.pk}/edit/",
        {"occupation": "焊工", "intention": "job", "town": GUILIN},
        follow=True,
    )
    assert "零就业家庭只有在家庭成员实现就业后才能移出清单" in response.content.decode()
    assert AffectedWorker.objects.get(pk=worker.pk).zero_employment_family


def test_it_lets_an_enterprise_post_vacancies_for_itself_only(people, login, client):
    """plan S4.2: 用工需求 from enterprises; Ed posts for 桂林食品有限公司 and nothing else."""
    ed = login(people.ed)
    assert "发布用工需求" in ed.get("/").content.decode()
    data = {
        "occupation": "包装工",
        "count": "5",
        "town": GUILIN,
        "wage_min": "3500",
        "wage_max": "4500",
        "valid_until": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
    }
    html = ed.post("/assistance/my-vacancies/", data, follow=True).content.decode()
    assert "用工需求已发布" in html and "包装工" in html
    vacancy = Vacancy.objects.get(occupation="包装工")
    assert vacancy.enterprise == people.guilin_factory and vacancy.created_by == people.ed
    other = user_create(
        username="zoe", password=PASSWORD, role=Role.ENTERPRISE, enterprise=people.zitong_factory
    )
    html = login(other).get("/assistance/my-vacancies/").content.decode()
    assert "包装工" not in html
    assert login(people.sam).get("/assistance/my-vacancies/").status_code == 403
    assert login(people.ed).get("/assistance/vacancies/").status_code == 403
