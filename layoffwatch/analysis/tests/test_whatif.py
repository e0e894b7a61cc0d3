"""Policy what-if (plan S3.1.3 政策调整评估预测, ADR 0101): a draft parameter file, assessed
against the period's alerts, enterprises and people; nothing stored but the audit entry."""

import datetime as dt
import json
import random

import pytest
import time_machine
from django.core.management import CommandError, call_command

from layoffwatch.alerts.models import Alert
from layoffwatch.analysis.whatif import _eligible, _limits, period_bounds
from layoffwatch.assistance.services import worker_create
from layoffwatch.audit.models import AuditEntry
from layoffwatch.enterprises.models import HeadcountRecord
from layoffwatch.policy.loader import bundled_policy
from layoffwatch.policy.models import PolicyRevision
from layoffwatch.policy.rules import layoff_rate_screen
from layoffwatch.policy.selectors import policy_in_force
from layoffwatch.reporting.services import layoff_report_submit
from layoffwatch.testing.cases import layoff_data, local
from layoffwatch.testing.people import id_number

NOW = local(2026, 6, 15, 10, 0)
URL = "/policy/whatif/"
SECOND_BAND = "2023-02-23: {value: 51,"


def text(key: str) -> str:
    return policy_in_force().files[key].text


def lowered_second_band(to: int = 40) -> str:
    """alert_levels.yaml with level 2 from `to` people on 2026-07-01 (a dated entry, ADR 0013)."""
    lines = []
    for line in text("alert_levels").splitlines():
        lines.append(line)
        if SECOND_BAND in line:
            lines.append(f"      2026-07-01: {{value: {to}, reference: 草案}}")
    return "\n".join(lines) + "\n"


def stricter_refund_rate() -> str:
    return text("layoff_aversion").replace(
        "\n\nsmall_enterprise_max_insured:",
        "\n  2026-07-01:\n    value: 0.05\n    reference: 草案\n\nsmall_enterprise_max_insured:",
    )


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def alerts(people, frozen):
    """桂林食品 cut 45 on 2026-05-10 (level 3, 40–50 people); 梓潼汽配 cut 25 (level 3)."""
    for enterprise, cut in ((people.guilin_factory, 45), (people.zitong_factory, 25)):
        layoff_report_submit(
            enterprise=enterprise,
            data=layoff_data(enterprise, cut=cut, on=dt.date(2026, 5, 10)),
            channel="staff",
            actor=people.sam,
            at=local(2026, 5, 11, 9, 0),
        )
    return {a.enterprise_id: a for a in Alert.objects.all()}


def assess(client, *, file_key, yaml_text, period="12m"):
    return client.post(URL, {"file_key": file_key, "yaml_text": yaml_text, "period": period})


def totals(response) -> dict:
    return {
        row["level"]: (row["before"], row["after"])
        for row in response.context["result"]["alerts"]["by_level"]
    }


def test_it_shows_a_named_alert_rising_when_a_warning_band_is_lowered(login, people, alerts):
    guilin = alerts[people.guilin_factory.pk]
    response = assess(login(people.sam), file_key="alert_levels", yaml_text=lowered_second_band())
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "桂林食品有限公司" in page and "梓潼汽配有限公司" not in page.split('id="alert-changes"')[1]
    )
    changed = response.context["result"]["alerts"]["changed"]
    assert [(r["alert"], r["before"], r["after"]) for r in changed] == [(guilin.pk, 3, 2)]
    assert totals(response) == {1: (0, 0), 2: (0, 1), 3: (2, 1), None: (0, 0)}
    # nothing in force changed: the alert keeps its level, no revision was stored
    guilin.refresh_from_db()
    assert guilin.level == 3 and PolicyRevision.objects.count() == 0
    entry = AuditEntry.objects.filter(summary__startswith="政策调整评估").get()
    assert entry.actor_id == people.sam.pk and "三级预警 2 → 1" in entry.summary


def test_a_draft_that_fails_the_schema_names_the_file_and_value_and_stores_nothing(
    login, people, alerts
):
    client = login(people.sam)
    entries = AuditEntry.objects.count()
    bad = text("alert_levels").replace(SECOND_BAND, "2023-02-23: {value: 5,")
    response = assess(client, file_key="alert_levels", yaml_text=bad)
    errors = (
        response.content.decode().split('data-testid="draft-errors"')[1].split("</div></div>")[0]
    )
    assert "alert_levels.yaml" in errors and "各档门槛须递增" in errors
    assert response.context["result"] is None
    assert PolicyRevision.objects.count() == 0
    refused = AuditEntry.objects.order_by("seq")[entries:]
    assert [(e.action, e.summary[:9]) for e in refused] == [("rejected", "拒绝政策调整评估：")]


def test_a_draft_of_a_parameter_no_category_uses_says_it_has_no_effect(login, people, alerts):
    # the monthly bulk upload's row limit: no alert, enterprise or person depends on it
    draft = text("reporting").rstrip("\n") + "\n    2026-07-01: {value: 6000, reference: 草案}\n"
    response = assess(login(people.sam), file_key="reporting", yaml_text=draft)
    page = response.content.decode()
    assert "该参数调整对已有企业、预警和人员没有影响" in page
    assert response.context["result"]["no_effect"] is True


def test_an_unchanged_draft_is_refused(login, people, frozen):
    response = assess(login(people.sam), file_key="alert_levels", yaml_text=text("alert_levels"))
    assert "草案与现行版本相同，没有改动任何取值" in response.content.decode()


def test_a_liaison_sees_only_her_towns_alerts(login, people, alerts):
    draft = lowered_second_band(to=21)  # both cuts now level 2
    sam = assess(login(people.sam), file_key="alert_levels", yaml_text=draft)
    assert len(sam.context["result"]["alerts"]["changed"]) == 2
    tina = assess(login(people.tina), file_key="alert_levels", yaml_text=draft)
    changed = tina.context["result"]["alerts"]["changed"]
    assert [r["enterprise"] for r in changed] == ["桂林食品有限公司"]
    assert "梓潼汽配有限公司" not in tina.content.decode()


def test_an_enterprise_reporter_is_refused(login, people, frozen):
    response = login(people.ed).get(URL)
    assert response.status_code == 403


def test_a_stricter_refund_rate_names_the_enterprise_that_loses_it(login, people, frozen):
    # 100 insured in 2025-07, 95 in 2026-06: a layoff rate of 5 ÷ 97.5 = 5.13 %
    for month, headcount in ((dt.date(2025, 7, 1), 100), (dt.date(2026, 6, 1), 95)):
        HeadcountRecord.objects.create(
            enterprise=people.guilin_factory, period=month, insured_headcount=headcount
        )
    response = assess(
        login(people.sam), file_key="layoff_aversion", yaml_text=stricter_refund_rate()
    )
    e = response.context["result"]["enterprises"]
    assert (e["eligible_before"], e["eligible_after"]) == (1, 0)
    assert [(r["enterprise"], r["before"], r["after"]) for r in e["changed"]] == [
        ("桂林食品有限公司", True, False)
    ]
    assert "不再符合条件" in response.content.decode()


def test_a_higher_benefit_raises_the_cost_of_the_people_covered(login, people, frozen):
    worker = worker_create(
        actor=people.sam, name="张伟", id_number=id_number(), at=local(2026, 6, 1, 9, 0)
    )
    worker.contribution_months = 70  # 18 months of benefit
    worker.save()
    # monthly_amount is the file's last value
    draft = text("unemployment_insurance").rstrip("\n") + (
        "\n  2026-07-01:\n    value: 2000\n    reference: 草案\n"
    )
    p = assess(login(people.sam), file_key="unemployment_insurance", yaml_text=draft).context[
        "result"
    ]["people"]
    assert (p["covered_before"], p["covered_after"]) == (1, 1)
    assert (p["cost_before"], p["cost_after"]) == (18 * 1800, 18 * 2000)
    assert [r["name"] for r in p["changed"]] == ["张伟"]


def test_the_command_prints_the_summary_and_json(people, alerts, tmp_path, capsys):
    draft = tmp_path / "alert_levels.yaml"
    draft.write_text(lowered_second_band(), encoding="utf-8")
    call_command("policy", "whatif", "--param", str(draft))
    out = capsys.readouterr().out
    assert "政策调整评估：" in out and "桂林食品有限公司" in out and "三级预警 → 二级预警" in out
    call_command("policy", "whatif", "--param", str(draft), "--json", "--period", "current")
    data = json.loads(capsys.readouterr().out)
    assert data["period"] == "current" and data["alerts"]["considered"] == 0  # May is not June
    entries = AuditEntry.objects.filter(summary__startswith="政策调整评估")
    assert {e.actor_label for e in entries} == {"系统（命令行）"}


def test_the_command_refuses_a_bad_draft_naming_the_problem(people, frozen, tmp_path):
    draft = tmp_path / "alert_levels.yaml"
    draft.write_text(text("alert_levels").replace(SECOND_BAND, "2023-02-23: {value: 5,"), "utf-8")
    with pytest.raises(CommandError, match="各档门槛须递增"):
        call_command("policy", "whatif", "--param", str(draft))
    assert PolicyRevision.objects.count() == 0


def test_the_page_reads_in_english_with_the_language_cookie(client, login, people, alerts):
    client = login(people.sam)
    client.cookies["django_language"] = "en"
    page = assess(client, file_key="alert_levels", yaml_text=lowered_second_band()).content.decode()
    assert "Policy what-if" in page and "Level 2 alert" in page
    assert "评估结果" not in page


@pytest.mark.parametrize(
    "today, first",
    [(dt.date(2026, 6, 15), dt.date(2025, 7, 1)), (dt.date(2026, 1, 1), dt.date(2025, 2, 1))],
)
def test_the_twelve_months_end_with_this_month(today, first):
    assert period_bounds("12m", today) == (first, today)
    assert period_bounds("current", today) == (today.replace(day=1), today)


def test_this_month_is_tongnans_month_on_both_sides_of_local_midnight(login, people, alerts):
    # 2026-06-30 23:30 in Tongnan is still June; 00:30 on 07-01 is July (ADR 0009)
    for at, month in (
        (local(2026, 6, 30, 23, 30), "2026-06-01"),
        (local(2026, 7, 1, 0, 30), "2026-07-01"),
    ):
        with time_machine.travel(at, tick=False):
            r = assess(
                login(people.sam),
                file_key="alert_levels",
                yaml_text=lowered_second_band(),
                period="current",
            )
            assert r.context["result"]["start"] == month


def test_the_whole_number_screen_agrees_with_the_rule():
    policy, on = bundled_policy(), dt.date(2026, 6, 1)
    limits = _limits(policy.at(on)["layoff_aversion"])
    rng = random.Random(2026)
    cases = [(rng.randint(0, 300), rng.randint(0, 300)) for _ in range(3000)]
    cases += [(200, 189), (200, 190), (40, 33), (30, 24), (31, 25), (0, 5)]
    for start, end in cases:
        if start + end == 0:
            continue
        rule = layoff_rate_screen(insured_at_start=start, insured_at_end=end, on=on, policy=policy)
        assert _eligible(start, end, limits) == rule.eligible, (start, end)
