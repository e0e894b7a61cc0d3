"""Enterprise risk ranking (plan S2.3, S3.1.3 预测; ADR 0106): the model learns precursors from a
district's history, ranks the enterprises showing them first, and refuses what it may not do."""

import datetime as dt
import io
import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import translation

from layoffwatch.analysis import risk, risk_visits
from layoffwatch.analysis.models import RiskModel, RiskVisit
from layoffwatch.analysis.risk_features import feature_table
from layoffwatch.analysis.risk_reasons import reasons_said
from layoffwatch.analysis.risk_visits import risk_visit_plan
from layoffwatch.audit.models import AuditEntry
from layoffwatch.conftest import GUILIN, ZITONG
from layoffwatch.demo.generator import precursors
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.notifications.models import Delivery, Notification, Webhook

AT = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)
END = "2026-02"
MONTHS = precursors.months_ending(END, 16)
# the precursors planted in 'Falling' (below) as its reasons say them, in Chinese and in English
PLANTED = ("参保人数下降", "停缴社保", "缴费基数下调", "营业收入", "拖欠工资", "欠薪")
PLANTED_EN = (
    "Insured staff down",
    "stopped contributing",
    "contribution base cut",
    "Revenue down",
    "wage-arrears cases",
    "Wage-arrears cases",
)


def _row(page, enterprise) -> str:
    """The ranking page's row of `enterprise`."""
    found = re.search(rf'<tr id="risk-{enterprise.uscc}">(.*?)</tr>', page.content.decode(), re.S)
    assert found, f"{enterprise.name} is not on the page"
    return found.group(1)


class District:
    """`size` enterprises over 16 months (precursors.plan_histories, seed 7): some cut 20+ after
    months of precursors, some show precursors and cut nobody, most are ordinary. In the last
    month two crafted enterprises stand apart: 'Falling' (Guilin, Cai its commissioner) shows
    every precursor, 'Calm' (Zitong) none."""

    def __init__(self, people, make_enterprise, lake, size):
        usccs = [make_enterprise(town_id=GUILIN if i % 2 else ZITONG).uscc for i in range(size)]
        self.falling = make_enterprise(
            name="下滑制衣有限公司", town_id=GUILIN, commissioner=people.cai
        )
        self.calm = make_enterprise(name="平稳食品有限公司", town_id=ZITONG)
        self.people = people
        histories = precursors.plan_histories(usccs, periods=MONTHS, seed=7)
        falling, calm = precursors.plan_histories(
            [self.falling.uscc, self.calm.uscc], periods=MONTHS, seed=1
        )
        _make_falling(falling, MONTHS)
        _make_calm(calm, MONTHS)
        self.histories = [*histories, falling, calm]
        precursors.write_lake(lake, self.histories, periods=MONTHS)
        precursors.record_histories(self.histories, by=people.sam, at=AT)


def _make_falling(h, months):
    """Staff falling 6% a month over the last three months, a fifth on a cut base, revenue down
    a quarter a month, a wage-arrears case every month."""
    h.fate, h.cut_month, h.warned_from = "falling", "", months[-3]
    staff = h.heads[months[-4]]
    for m in months[-3:]:
        staff = staff[int(len(staff) * 0.06) + 1 :]
        h.heads[m] = list(staff)
        h.base_cut[m] = set(staff[: len(staff) // 4])
        h.revenue[m] = h.revenue[months[-4]] * 0.7 ** (months.index(m) - len(months) + 4)
    h.arrears = months[-3:]


def _make_calm(h, months):
    h.fate, h.cut_month, h.warned_from = "normal", "", ""
    first = h.heads[months[0]]
    for m in months:
        h.heads[m] = list(first)
        h.base_cut[m] = set()
        h.revenue[m] = 1_000_000.0
    h.arrears, h.clues = [], []


@pytest.fixture
def district(people, make_enterprise, lake):
    return District(people, make_enterprise, lake, size=240)


@pytest.fixture
def small(people, make_enterprise, lake):
    """A smaller district, for what does not need the model to be good."""
    return District(people, make_enterprise, lake, size=80)


def test_it_learns_ranks_the_enterprise_with_precursors_top_and_back_tests_well(district):
    model = risk.train(at=AT)
    assert (model.first_period, model.trained_until, model.period) == (MONTHS[0], "2025-11", END)
    b = model.metrics
    assert b["top_precision"] >= 3 * b["base_rate"]
    assert b["average_precision"] >= 3 * b["base_rate"]
    assert b["median_lead"] >= 1
    assert b["top_precision"] > b["baseline_top_precision"]
    ranked = {r.enterprise_id: r for r in risk.ranking(period=END)}
    falling, calm = ranked[district.falling.pk], ranked[district.calm.pk]
    assert falling.rank <= 10
    assert calm.rank > len(ranked) // 2
    # three reasons, each a precursor planted in its last months, in words
    assert len(falling.reasons) == 3
    said = reasons_said(falling.reasons)
    assert len(said) == 3 and all(any(p in r for p in PLANTED) for r in said), said
    assert calm.reasons == []
    # the same months and seed give the same model: its ranking can be made again
    again = risk.train(at=AT)
    assert again.ranking == model.ranking


def test_the_page_shows_a_liaison_only_their_town(small, login):
    risk.train(at=AT)
    page = login(small.people.tina).get("/monitoring/risk/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "风险企业排序" in text and small.falling.name in text
    assert small.calm.name not in text  # 梓潼街道's
    assert "回测：前20名命中率" in text and "%，基准率" in text
    everyone = login(small.people.sam).get("/monitoring/risk/").content.decode()
    assert small.calm.name in everyone


@pytest.mark.parametrize("who", ["ed", "agnes", "cai"])
def test_enterprise_agency_and_commissioner_accounts_cannot_find_the_page(small, login, who):
    risk.train(at=AT)
    assert login(getattr(small.people, who)).get("/monitoring/risk/").status_code == 404


def test_a_visit_becomes_the_commissioners_task_and_is_audited(small, login):
    risk.train(at=AT)
    client = login(small.people.tina)
    client.post(f"/monitoring/risk/{small.falling.uscc}/visit/")
    visit = RiskVisit.objects.get(enterprise=small.falling)
    assert visit.owner == small.people.cai and visit.created_by == small.people.tina
    assert AuditEntry.objects.filter(action="create", summary__contains="计划走访").exists()
    cai = login(small.people.cai)
    tasks = cai.get("/response/").content.decode()
    assert f"走访{small.falling.name}" in tasks
    assert any(p in tasks for p in PLANTED)  # why: the ranking's reasons, in Chinese
    cai.cookies["django_language"] = "en"
    tasks = cai.get("/response/").content.decode()
    assert any(p in tasks for p in PLANTED_EN) and not any(p in tasks for p in PLANTED)
    client = login(small.people.tina)
    # a second click plans nothing more
    client.post(f"/monitoring/risk/{small.falling.uscc}/visit/")
    assert RiskVisit.objects.count() == 1


def test_planning_a_visit_tells_the_commissioner_alone(small, login, settings, time_machine):
    risk.train(at=AT)
    settings.EMAIL_HOST = "smtp.example.test"
    small.people.cai.email = "cai@example.test"
    small.people.cai.save()
    Webhook.objects.create(name="区人社局工作群", url="https://robot.example.test/hook")
    time_machine.move_to("2026-03-12 10:00 +08:00", tick=False)
    login(small.people.tina).post(f"/monitoring/risk/{small.falling.uscc}/visit/")
    visit = RiskVisit.objects.get(enterprise=small.falling)
    cai = login(small.people.cai)
    page = cai.get("/response/").content.decode()
    assert re.search(r'data-testid="unread-count">1<', page), "the 通知 badge says 1"
    inbox = cai.get("/notifications/").content.decode()
    assert inbox.count('data-testid="notification"') == 1
    assert f"走访任务：{small.falling.name}，2026-03-22 前完成" in inbox
    assert "根据 2026-02 风险企业排序安排走访" in inbox
    note = Notification.objects.get(recipient=small.people.cai)
    assert cai.get(f"/notifications/{note.pk}/").url == f"/monitoring/risk/visits/{visit.pk}/"
    # an email to the commissioner through the queue; nothing to the group chat's robot
    sent = Delivery.objects.values_list("channel", "target")
    assert list(sent) == [(Delivery.Channel.EMAIL, "cai@example.test")]
    # the planner was told on the page, not in their 通知
    tina = login(small.people.tina)
    assert "暂无通知" in tina.get("/notifications/").content.decode()
    assert Notification.objects.count() == 1
    # a second click plans nothing and tells nobody again
    tina.post(f"/monitoring/risk/{small.falling.uscc}/visit/")
    assert Notification.objects.count() == 1


def test_a_liaison_cannot_plan_a_visit_in_another_town(small):
    model = risk.train(at=AT)
    small.calm.commissioner = small.people.cai
    small.calm.save()
    with pytest.raises(PermissionDenied):
        risk_visit_plan(actor=small.people.tina, enterprise=small.calm, model=model, at=AT)
    assert not RiskVisit.objects.exists()
    assert AuditEntry.objects.filter(action="denied").exists()
    assert not Notification.objects.exists()  # the commissioner hears of no visit


def test_a_model_refuses_the_months_it_learnt_from_and_those_long_after(small):
    model = risk.train(at=AT)
    with pytest.raises(risk.RiskError, match="只能为 2025-12 至 2026-04 排序"):
        risk.ranking(period="2025-10", model=model)
    with pytest.raises(risk.RiskError, match="不能为 2026-06 排序"):
        risk.ranking(period="2026-06", model=model, table=feature_table())


def test_the_command_prints_the_ranking_and_the_back_test(small):
    out = io.StringIO()
    call_command("risk", "--period", END, "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["ranking"][0]["rank"] == 1 and data["ranking"][0]["credit_code"]
    assert {"top_precision", "base_rate", "median_lead", "baseline_top_precision"} <= set(
        data["model"]["backtest"]
    )
    falling = next(r for r in data["ranking"] if r["credit_code"] == small.falling.uscc)
    assert falling["reasons"] and all(any(p in r for p in PLANTED) for r in falling["reasons"])
    text = io.StringIO()
    call_command("risk", "--period", END, stdout=text)
    assert "前20名命中率" in text.getvalue()
    line = next(x for x in text.getvalue().splitlines() if small.falling.uscc in x)
    assert any(p in line for p in PLANTED), line
    # the reasons in the command's language
    english = io.StringIO()
    with translation.override("en"):
        call_command("risk", "--period", END, stdout=english)
    line = next(x for x in english.getvalue().splitlines() if small.falling.uscc in x)
    assert any(p in line for p in PLANTED_EN) and not any(p in line for p in PLANTED), line


@pytest.mark.parametrize(
    ("period", "says"),
    [
        ("2026-13", "--period：月份应为 YYYY-MM"),
        ("2026-03", "2026-03 没有社保参保缴费数据"),
        ("2025-06", "2025-06 三个月后的结果已经知道.*可排序的月份为 2025-12 至 2026-02"),
    ],
)
def test_the_command_refuses_a_bad_month_and_writes_nothing(small, period, says):
    with pytest.raises(CommandError, match=says):
        call_command("risk", "--period", period, stdout=io.StringIO())
    assert not RiskModel.objects.exists()


def test_the_command_refuses_a_model_from_another_window(small):
    model = risk.train(at=AT)
    with pytest.raises(CommandError, match="只能为"):
        call_command("risk", "--period", "2025-06", "--model", str(model.pk), stdout=io.StringIO())


def test_too_little_history_is_said_and_nothing_is_invented(people, make_enterprise, lake, login):
    usccs = [make_enterprise().uscc for _ in range(10)]
    months = MONTHS[-6:]
    precursors.write_lake(
        lake, precursors.plan_histories(usccs, periods=months, seed=3), periods=months
    )
    with pytest.raises(CommandError, match="历史数据不足：社保参保缴费数据只有 6 个月"):
        call_command("risk", "--period", END, stdout=io.StringIO())
    assert not RiskModel.objects.exists()
    page = login(people.sam).get("/monitoring/risk/").content.decode()
    assert "历史数据不足" in page and 'id="risk-list"' not in page


def test_the_commissioner_opens_the_visit_from_their_tasks_and_records_it_done(small, login):
    model = risk.train(at=AT)
    visit = risk_visit_plan(actor=small.people.sam, enterprise=small.falling, model=model, at=AT)
    cai = login(small.people.cai)
    page = cai.get(f"/monitoring/risk/visits/{visit.pk}/").content.decode()
    assert f"走访{small.falling.name}" in page and "记录走访完成" in page
    cai.post(f"/monitoring/risk/visits/{visit.pk}/", {"note": "订单下降，已介绍稳岗返还政策"})
    visit.refresh_from_db()
    assert visit.done_at is not None and "稳岗返还" in visit.done_note
    assert f"走访{small.falling.name}" not in cai.get("/response/").content.decode()
    assert AuditEntry.objects.filter(summary__contains="完成风险走访").exists()


def test_a_liaison_of_another_town_cannot_open_the_visit(small, login):
    small.calm.commissioner = small.people.cai
    small.calm.save()
    model = risk.train(at=AT)
    visit = risk_visit_plan(actor=small.people.sam, enterprise=small.calm, model=model, at=AT)
    assert login(small.people.tina).get(f"/monitoring/risk/visits/{visit.pk}/").status_code == 404
    assert login(small.people.ed).get(f"/monitoring/risk/visits/{visit.pk}/").status_code == 404


def test_another_towns_enterprise_answers_a_visit_like_one_that_does_not_exist(small, login):
    risk.train(at=AT)
    small.calm.commissioner = small.people.cai
    small.calm.save()
    client = login(small.people.tina)  # 桂林街道's liaison; small.calm is 梓潼街道's
    theirs = client.post(f"/monitoring/risk/{small.calm.uscc}/visit/")
    missing = client.post("/monitoring/risk/91500000000000000X/visit/")
    assert theirs.status_code == missing.status_code == 404
    assert not RiskVisit.objects.exists()
    assert not Notification.objects.exists()


def test_a_training_is_audited_with_its_months(small):
    model = risk.train(at=AT)
    entry = AuditEntry.objects.get(object_type="analysis.riskmodel", action="create")
    assert f"{model.first_period}至{model.period}" in entry.summary


def test_the_reasons_are_said_in_the_readers_language(small, login):
    risk.train(at=AT)
    client = login(small.people.tina)
    chinese = _row(client.get("/monitoring/risk/"), small.falling)
    assert any(p in chinese for p in PLANTED), chinese
    client.cookies["django_language"] = "en"
    english = _row(client.get("/monitoring/risk/"), small.falling)
    assert any(p in english for p in PLANTED_EN), english
    assert not any(p in english for p in PLANTED)


def test_a_reason_an_older_model_stored_as_text_reads_as_stored(small, login):
    model = risk.train(at=AT)
    model.ranking = [
        [pk, p, ["近3个月参保人数下降18%"] if pk == small.falling.pk else reasons]
        for pk, p, reasons in model.ranking
    ]
    model.save(update_fields=["ranking"])
    client = login(small.people.tina)
    client.cookies["django_language"] = "en"
    assert "近3个月参保人数下降18%" in _row(client.get("/monitoring/risk/"), small.falling)


def test_an_enterprise_with_a_visit_shows_it_in_place_of_the_button(small, login, time_machine):
    model = risk.train(at=AT)
    time_machine.move_to("2026-03-12 10:00 +08:00", tick=False)
    visit = risk_visit_plan(actor=small.people.tina, enterprise=small.falling, model=model, at=AT)
    client = login(small.people.tina)
    row = _row(client.get("/monitoring/risk/"), small.falling)
    assert "已安排走访" in row and "cai，时限 2026-03-20" in row
    assert "计划走访" not in row
    # one planned from last month's ranking and not made yet is still the visit to make
    RiskVisit.objects.filter(pk=visit.pk).update(period="2026-01")
    time_machine.move_to("2026-03-25 10:00 +08:00", tick=False)
    client = login(small.people.tina)  # a new session: the first one has timed out
    row = _row(client.get("/monitoring/risk/"), small.falling)
    assert "走访逾期" in row and "计划走访" not in row
    # made: said so, with the day
    RiskVisit.objects.filter(pk=visit.pk).update(
        period=model.period, done_at=AT, done_note="订单下降，已介绍稳岗返还政策"
    )
    row = _row(client.get("/monitoring/risk/"), small.falling)
    assert "已走访" in row and "cai，2026-03-10 完成" in row and "计划走访" not in row


def test_a_long_ranking_is_paged(small, login, monkeypatch):
    model = risk.train(at=AT)
    monkeypatch.setattr(risk_visits, "PER_PAGE", 20)
    client = login(small.people.sam)
    first = client.get("/monitoring/risk/").content.decode()
    pages = -(-len(model.ranking) // 20)
    assert f"共 {len(model.ranking)} 家企业" in first and f"第 1 / {pages} 页" in first
    rank = 'data-label="排名">{}</td>'.format
    assert rank(1) in first and rank(21) not in first
    second = client.get("/monitoring/risk/?page=2").content.decode()
    assert rank(21) in second and rank(1) not in second
    # planning a visit from the second page comes back to it
    on_second = next(pk for pk, _p, _r in model.ranking[20:40])
    enterprise = Enterprise.objects.get(pk=on_second)
    enterprise.commissioner = small.people.cai
    enterprise.save()
    answer = client.post(f"/monitoring/risk/{enterprise.uscc}/visit/", {"page": "2"})
    assert answer.url.endswith("?page=2")


def test_a_reason_counts_one_person_as_english_says_it():
    """The reasons' counts pick their English form by the number (no "1 people")."""
    from django.utils import translation

    from layoffwatch.analysis.risk_reasons import reason_text

    with translation.override("en"):
        assert reason_text(["stopped", 1]) == "1 person stopped contributing this month"
        assert reason_text(["stopped", 44]) == "44 people stopped contributing this month"
        assert reason_text(["claims_3m", 1]).startswith("1 former employee registered")
    with translation.override("zh-hans"):
        assert reason_text(["stopped", 1]) == "本月停缴社保1人"
