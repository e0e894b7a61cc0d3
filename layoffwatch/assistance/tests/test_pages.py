"""Pages of assistance, rights and credit: masking, scope, refusals shown in Chinese."""

import datetime as dt

from layoffwatch.assistance import services as s
from layoffwatch.assistance.models import AffectedWorker, Measure
from layoffwatch.conftest import ZITONG
from layoffwatch.testing.people import NOW, id_number


def test_it_masks_the_id_number_on_every_page(people, login):
    number = id_number()
    worker = s.worker_create(
        actor=people.sam, name="张三", id_number=number, at=NOW, phone="13912345678"
    )
    client = login(people.sam)
    for path in ["/assistance/", f"/assistance/workers/{worker.pk}/"]:
        html = client.get(path).content.decode()
        assert number not in html and "13912345678" not in html, path
        assert worker.masked_id in html, path


def test_it_hides_other_towns_people_from_a_liaison(people, login, make_enterprise):
    zitong = make_enterprise(town_id=ZITONG)
    worker = s.worker_create(
        actor=people.sam, name="远方", id_number=id_number(), at=NOW, enterprise=zitong
    )
    client = login(people.tina)
    assert "远方" not in client.get("/assistance/").content.decode()
    assert client.get(f"/assistance/workers/{worker.pk}/").status_code == 404
    assert login(people.ed).get("/assistance/").status_code == 403


def test_it_shows_a_refused_placement_in_chinese_and_changes_nothing(people, login):
    worker = s.worker_create(actor=people.sam, name="张三", id_number=id_number(), at=NOW)
    client = login(people.sam)
    response = client.post(f"/assistance/workers/{worker.pk}/place/", {"vacancy": ""}, follow=True)
    assert "登记就业须选择录用该职工的岗位" in response.content.decode()
    assert AffectedWorker.objects.get(pk=worker.pk).status == "unemployed"


def test_it_registers_a_worker_through_the_form_and_rejects_a_bad_check_digit(people, login):
    client = login(people.sam)
    good = id_number()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    response = client.post(
        "/assistance/workers/new/",
        {"name": "王五", "id_number": bad, "intention": "job"},
        follow=True,
    )
    assert "校验位错误" in response.content.decode()
    assert not AffectedWorker.objects.exists()
    response = client.post(
        "/assistance/workers/new/",
        {"name": "王五", "id_number": good, "intention": "job"},
        follow=True,
    )
    assert "一人一策帮扶计划" in response.content.decode()


def test_it_shows_the_zero_employment_family_count_and_cuts_avoided_on_the_home_page(people, login):
    s.worker_create(
        actor=people.sam, name="母亲", id_number=id_number(), at=NOW, zero_employment_family=True
    )
    plan = s.support_plan_create(
        enterprise=people.guilin_factory, planned_cut=60, actor=people.sam, at=NOW
    )
    s.support_item_add(plan=plan, kind="absorption", amount=10000, actor=people.sam, at=NOW)
    s.support_plan_decide(plan=plan, accepted=True, final_cut=40, actor=people.sam, at=NOW)
    html = login(people.sam).get("/").content.decode()
    assert 'data-testid="zero-employment-families"><a href="/assistance/families/">1</a>' in html
    assert 'data-testid="cuts-avoided">20<' in html


def test_it_serves_the_public_blacklist_without_login(client, people):
    from layoffwatch.credit import services as c

    entry = c.blacklist_candidate_add(
        enterprise=people.guilin_factory,
        reason="late",
        evidence="迟报 5 天",
        source="staff",
        actor=people.sam,
        at=NOW,
    )
    c.blacklist_explanation_record(
        entry=entry, explanation="内部秘密说明", actor=people.sam, at=NOW
    )
    c.blacklist_decide(
        entry=entry, list_it=True, note="同意", actor=people.li, at=NOW, bad_social_impact=True
    )
    c.blacklist_publish(entry=entry, actor=people.sam, at=dt.datetime.now(tz=NOW.tzinfo))
    html = client.get("/public/blacklist/").content.decode()
    assert people.guilin_factory.name in html and "迟报" in html
    assert "内部秘密说明" not in html and "迟报 5 天" not in html


def test_a_measure_names_the_bad_field_saves_nothing_and_confirms_a_good_one(people, login):
    """Bad input names the field (金额（元）) and changes nothing; a saved measure says so."""
    worker = s.worker_create(actor=people.sam, name="张三", id_number=id_number(), at=NOW)
    client = login(people.sam)
    url = f"/assistance/workers/{worker.pk}/measure/"
    form = {"kind": "relief", "date": "2026-03-02", "outcome": "pending", "amount": "-5"}
    page = client.post(url, form, follow=True).content.decode()
    assert "金额（元）：确保该值大于或等于0。" in page
    assert not Measure.objects.filter(plan__worker=worker, kind="relief").exists()
    page = client.post(url, form | {"amount": "800"}, follow=True).content.decode()
    assert "已记录帮扶措施" in page
    assert Measure.objects.filter(plan__worker=worker, kind="relief").count() == 1
