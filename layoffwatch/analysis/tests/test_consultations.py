"""Consultations (会商, plan S6.1; ADR 0102): recorded by the bureau, their actions in the owner's
“我的任务”, bad input refused by field with nothing stored, and the pages refused to the
enterprise side as if there were nothing."""

import datetime as dt

import pytest
import time_machine

from layoffwatch.analysis.consultations import consultations_for_period
from layoffwatch.analysis.models import Consultation, ConsultationAction, MonthlyAnalysis
from layoffwatch.audit.models import AuditEntry
from layoffwatch.testing.cases import local, staff

pytestmark = pytest.mark.django_db
NOW = local(2026, 3, 10, 15, 0)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def emma(people):
    return staff("emma", "employment")


def form(owner, **changes) -> dict:
    data = {
        "held_on": "2026-03-10",
        "subject": "三月就业形势会商",
        "analysis": "",
        "participants": ["section:employment", "dept:tax", "dept:statistics"],
        "input_section__employment": "城镇新增就业同比持平",
        "input_dept__tax": "两户企业申报工资总额下降三成",
        "conclusions": "形势总体稳定，食品行业需重点关注",
        "action_1_text": "走访桂林食品有限公司核实用工",
        "action_1_owner": owner.pk,
        "action_1_due_on": "2026-03-20",
    }
    data.update(changes)
    return data


def test_it_puts_an_action_in_its_owners_tasks_and_nobody_elses(people, emma, login):
    client = login(people.sam)
    page = client.post("/analysis/consultations/new/", form(emma), follow=True)
    consultation = Consultation.objects.get()
    assert page.redirect_chain[-1][0] == f"/analysis/consultations/{consultation.pk}/"
    text = page.content.decode()
    assert "会商已录入" in text
    assert "区税务局" in text and "两户企业申报工资总额下降三成" in text
    assert AuditEntry.objects.filter(action="create", summary__startswith="录入会商").exists()

    tasks = login(emma).get("/response/").content.decode()
    assert "会商事项" in tasks and "走访桂林食品有限公司核实用工" in tasks
    assert f"/analysis/consultations/{consultation.pk}/#action-" in tasks
    others = login(people.sam).get("/response/").content.decode()
    assert "走访桂林食品有限公司核实用工" not in others


def test_it_marks_an_action_overdue_in_my_tasks_after_its_day(people, emma, login):
    login(people.sam).post("/analysis/consultations/new/", form(emma, action_1_due_on="2026-03-10"))
    with time_machine.travel(local(2026, 3, 10, 23, 59), tick=False):
        assert "逾期" not in section(login(emma).get("/response/"))
    with time_machine.travel(local(2026, 3, 11, 0, 1), tick=False):
        assert "逾期" in section(login(emma).get("/response/"))


def section(page) -> str:
    text = page.content.decode()
    start = text.index('id="my-consultation-actions"')
    return text[start : text.index("</table>", start)]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"action_1_due_on": "2026-03-09"}, "action_1_due_on", "事项1的完成时限早于会商日期"),
        ({"participants": ["dept:tax"]}, "participants", "参会单位：至少选择两个单位"),
        (
            {"input_dept__public_security": "未发现聚集苗头"},
            "input_dept__public_security",
            "各部门意见：区公安局未选为参会单位，不能填写其意见",
        ),
        ({"action_1_owner": ""}, "action_1_owner", "事项1：请选择责任人"),
        ({"held_on": "2026-03-11"}, "held_on", "会商日期：不能晚于今天"),
    ],
)
def test_it_refuses_bad_input_by_field_and_stores_nothing(
    people, emma, login, changes, field, message
):
    page = login(people.sam).post("/analysis/consultations/new/", form(emma, **changes))
    assert page.status_code == 200
    assert message in page.context["form"].errors[field]
    assert message in page.content.decode()
    assert Consultation.objects.count() == 0 and ConsultationAction.objects.count() == 0
    refusal = AuditEntry.objects.get(action="rejected")
    assert refusal.summary.startswith("拒绝录入会商：") and message in refusal.summary


def test_it_says_the_refusal_in_english_and_audits_it_in_chinese(people, emma, client):
    client.force_login(people.sam)
    client.cookies["django_language"] = "en"
    page = client.post("/analysis/consultations/new/", form(emma, action_1_due_on="2026-03-09"))
    assert "Action 1 is due before the consultation" in page.content.decode()
    assert "事项1的完成时限早于会商日期" in AuditEntry.objects.get(action="rejected").summary


def test_it_shows_the_pages_in_english(people, emma, client):
    client.force_login(people.sam)
    client.post("/analysis/consultations/new/", form(emma))
    client.force_login(emma)
    client.cookies["django_language"] = "en"
    assert "Consultation actions" in client.get("/response/").content.decode()
    consultation = Consultation.objects.get()
    detail = client.get(f"/analysis/consultations/{consultation.pk}/").content.decode()
    assert "Conclusions" in detail and "District Tax Bureau" in detail
    assert "会商结论" not in detail


def test_it_refuses_enterprise_accounts_as_if_there_were_nothing(people, emma, login):
    login(people.sam).post("/analysis/consultations/new/", form(emma))
    pk = Consultation.objects.get().pk
    for outsider in (people.ed, people.agnes, people.cai):
        client = login(outsider)
        assert client.get(f"/analysis/consultations/{pk}/").status_code == 404
        assert client.get(f"/analysis/consultations/{pk + 1}/").status_code == 404
        assert client.get("/analysis/consultations/").status_code == 404
        assert client.get(f"/analysis/consultations/{pk}/minutes.docx").status_code == 404
    assert AuditEntry.objects.filter(action="denied", actor_id=people.ed.pk).count() == 4


def test_a_town_liaison_reads_but_does_not_record(people, emma, login):
    login(people.sam).post("/analysis/consultations/new/", form(emma))
    consultation = Consultation.objects.get()
    client = login(people.tina)
    assert "三月就业形势会商" in client.get("/analysis/consultations/").content.decode()
    assert client.get(f"/analysis/consultations/{consultation.pk}/").status_code == 200
    assert client.get("/analysis/consultations/new/").status_code == 403
    assert client.post("/analysis/consultations/new/", form(emma)).status_code == 403
    assert Consultation.objects.count() == 1


def test_only_the_owner_the_recorder_or_a_leader_marks_an_action_done(people, emma, login):
    login(people.sam).post("/analysis/consultations/new/", form(emma))
    consultation = Consultation.objects.get()
    action = consultation.actions.get()
    done = f"/analysis/consultations/{consultation.pk}/actions/{action.pk}/done/"

    refused = login(people.tina).post(done, {"note": "已走访"}, follow=True)
    assert "只有责任人、会商录入人或局领导可以办结该事项" in refused.content.decode()
    action.refresh_from_db()
    assert action.done_at is None
    assert AuditEntry.objects.filter(
        action="denied", summary__startswith="拒绝办结会商事项"
    ).exists()

    page = login(emma).post(done, {"note": "已走访，用工稳定"}, follow=True)
    assert "事项已办结" in page.content.decode()
    action.refresh_from_db()
    assert action.done_at == NOW and action.done_note == "已走访，用工稳定"
    assert "走访桂林食品有限公司核实用工" not in login(emma).get("/response/").content.decode()
    again = login(people.li).post(done, follow=True)  # a second click: once only
    assert "该事项已办结" in again.content.decode()


def test_it_belongs_to_the_month_it_discusses(people, emma, login):
    MonthlyAnalysis.objects.create(period="2026-02", drafted_at=NOW)
    client = login(people.sam)
    new = client.get("/analysis/consultations/new/?period=2026-02").content.decode()
    assert '<option value="2026-02" selected>' in new
    client.post("/analysis/consultations/new/", form(emma, analysis="2026-02"))
    consultation = Consultation.objects.get()
    assert consultation.analysis.period == "2026-02"
    detail = client.get(f"/analysis/consultations/{consultation.pk}/").content.decode()
    assert 'href="/analysis/2026-02/"' in detail
    assert consultations_for_period("2026-02", people.sam) == [consultation]
    assert consultations_for_period("2026-03", people.sam) == []  # held in March, on February
    assert consultations_for_period("2026-02", people.ed) == []


def test_the_month_lists_a_consultation_held_in_it_on_no_analysis(people, emma, login):
    login(people.sam).post("/analysis/consultations/new/", form(emma, held_on="2026-03-01"))
    assert [c.subject for c in consultations_for_period("2026-03", people.sam)] == [
        "三月就业形势会商"
    ]
    assert consultations_for_period("2026-02", people.sam) == []


def test_an_owner_must_be_bureau_staff(people, login):
    page = login(people.sam).post("/analysis/consultations/new/", form(people.ed))
    assert page.context["form"].errors["action_1_owner"]
    assert Consultation.objects.count() == 0
    assert AuditEntry.objects.filter(action="rejected", summary__startswith="拒绝录入会商").exists()


def test_the_action_rows_say_which_is_due_when(people, emma, login):
    login(people.sam).post(
        "/analysis/consultations/new/",
        form(
            emma,
            action_3_text="统计局提供二月规上企业用工数",
            action_3_owner=people.sam.pk,
            action_3_due_on="2026-03-31",
        ),
    )
    actions = Consultation.objects.get().actions.order_by("due_on")
    assert [(a.text, a.owner, a.due_on) for a in actions] == [
        ("走访桂林食品有限公司核实用工", emma, dt.date(2026, 3, 20)),
        ("统计局提供二月规上企业用工数", people.sam, dt.date(2026, 3, 31)),
    ]
