"""plan S3.1.3–S3.1.4 (ADR 0096): an enterprise's facts read the same wherever staff meet them.

- its insured headcount, on the registry, key-sample and signal pages, always with its source and
  month (企业名录 as of its last update, 社保数据 of a month);
- a stoppage's match with the direct reports (S3.1.1 vs S3.1.3) follows the reports as they
  arrive and are withdrawn, says when it last changed and which reports matched;
- every signal names towns and industries by name, never by code.
Each test reads the pages through the Django test client, as staff would."""

import datetime as dt
import html
import re

import pytest

from layoffwatch.audit.models import AuditEntry
from layoffwatch.core.clock import local_day
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.monitoring.models import Signal
from layoffwatch.monitoring.services import detection_run, source_import
from layoffwatch.reporting.services import layoff_report_submit
from layoffwatch.testing.feeds import person_id, uscc, write_csv
from layoffwatch.testing.reports import layoff_body

from .conftest import NOW
from .test_detection import crafted  # noqa: F401  (the shared crafted social-insurance months)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("every_figure_has_a_chinese_label")]

GUILIN, ZITONG = "500152001000", "500152002000"
SI = ["身份证号", "单位统一社会信用代码", "缴费月份", "缴费基数"]


def text(response) -> str:
    """The page as a reader sees it: tags gone, entities decoded, spaces collapsed."""
    assert response.status_code == 200
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def feed(tmp_path, kind, period, header, rows):
    source_import(
        kind=kind,
        path=write_csv(tmp_path / f"{kind}-{period}.csv", header, rows),
        enqueue_detection=False,
    )


def staff_months(tmp_path, enterprise, jan: int, feb: int) -> None:
    """`jan` people contribute at `enterprise` in January, the first `feb` of them in February."""
    for period, n in (("2026-01", jan), ("2026-02", feb)):
        rows = [[person_id(i), enterprise.uscc, period, "4000"] for i in range(n)]
        feed(tmp_path, "social_insurance", period, SI, rows)


# ---------------------------------------------------------------- headcounts and their sources


def test_the_registry_the_key_sample_page_and_the_signal_give_each_headcount_with_its_source(
    login, people, tmp_path
):
    key = people.guilin_factory  # 120 insured in the registry
    Enterprise.objects.filter(pk=key.pk).update(is_key_sample=True)
    key.refresh_from_db()
    staff_months(tmp_path, key, jan=40, feb=30)  # the contributions tell another story
    detection_run(period="2026-02", at=NOW)
    signal = Signal.objects.get(kind="key_sample_job_loss", enterprise=key)
    client = login(people.alice)

    registry = f"企业名录（更新于 {local_day(key.updated_at):%Y-%m-%d}）：参保 120 人"
    lines = [registry, "社保数据 2026-02：参保 30 人", "社保数据 2026-01：参保 40 人"]
    key_page = text(client.get(f"/monitoring/key-samples/{key.uscc}/"))
    signal_page = text(client.get(f"/monitoring/signals/{signal.pk}/"))
    for line in lines:  # both sources side by side, the same figures on both pages
        assert line in key_page and line in signal_page
    assert registry in text(client.get(f"/enterprises/{key.uscc}/"))
    # the signal's own words and figures say which month of which source
    assert "岗位流失率 25.0%（社保数据 2026-01 参保 40 人→2026-02 30 人）" in signal_page
    assert "上月参保人数（社保数据 2026-01） 40" in signal_page
    assert "本月参保人数（社保数据 2026-02） 30" in signal_page
    # the list names the source of each column, the latest month of contributions beside the registry
    listing = text(client.get("/monitoring/key-samples/"))
    assert "参保人数（企业名录） 参保人数（社保数据 2026-02）" in listing
    assert f"{key.name} {key.town.name} {key.industry.name} 120 30" in listing


def test_an_english_reader_reads_each_headcount_with_its_source_too(login, people, tmp_path):
    key = people.guilin_factory
    Enterprise.objects.filter(pk=key.pk).update(is_key_sample=True)
    key.refresh_from_db()
    staff_months(tmp_path, key, jan=40, feb=30)
    client = login(people.alice)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = text(client.get(f"/monitoring/key-samples/{key.uscc}/"))
    day = f"{local_day(key.updated_at):%Y-%m-%d}"
    assert f"Enterprise registry (updated {day}): 120 insured" in page
    assert "Social insurance data 2026-02: 30 insured" in page
    listing = text(client.get("/monitoring/key-samples/"))
    assert "Insured (enterprise registry) Insured (Social insurance data 2026-02)" in listing


def test_a_business_event_says_where_its_headcount_comes_from(login, people, tmp_path):
    factory = people.guilin_factory
    Enterprise.objects.filter(pk=factory.pk).update(insured_headcount=10)
    staff_months(tmp_path, factory, jan=40, feb=38)
    feed(
        tmp_path,
        "business_registration",
        "2026-02",
        ["统一社会信用代码", "变更事项", "变更日期"],
        [[factory.uscc, "注销", "2026-02-10"]],
    )
    detection_run(period="2026-02", at=NOW)
    signal = Signal.objects.get(kind="business_event")
    page = text(login(people.alice).get(f"/monitoring/signals/{signal.pk}/"))
    assert f"{factory.name} 注销（社保数据 2026-01：参保 40 人）" in page
    assert "参保人数来源 社保数据" in page and "参保人数月份 2026-01" in page


# ---------------------------------------------------------------- the match with direct reports


def report_layoff(enterprise, actor, planned_cut):
    return layoff_report_submit(
        enterprise=enterprise,
        data=layoff_body(enterprise, planned_cut=planned_cut, effective_date="2026-02-15"),
        channel="staff",
        actor=actor,
        at=dt.datetime(2026, 3, 6, 9, 0, tzinfo=dt.UTC),
    ).report


def test_a_stoppage_follows_the_layoff_reports_as_they_arrive_and_are_withdrawn(
    crafted,  # noqa: F811  (25 of 30 stop at uscc(10) in February)
    people,
    login,
):
    detection_run(period="2026-02", at=NOW)
    signal = Signal.objects.get(kind="mass_stoppage")
    client = login(people.alice)

    def signal_page():
        return text(client.get(f"/monitoring/signals/{signal.pk}/"))

    assert "与直报比对 未报告 ：没有匹配的裁员报告" in signal_page()
    base = signal.figures["base_score"]

    def score_now():  # the work list ranks by it: nobody reported +10, too few +5 (ADR 0095)
        signal.refresh_from_db()
        return signal.score - base

    assert score_now() == 10

    first = report_layoff(signal.enterprise, people.sam, planned_cut=15)  # 15 of 25: too few
    page = signal_page()
    assert f"与直报比对 少报 ：匹配的裁员报告 {first.receipt_no} （计划裁减合计 15 人）" in page
    assert "比对结果更新于 2026-03-06 17:00" in page  # Tongnan time
    assert f"与直报比对：未报告 → 少报（裁员报告 {first.receipt_no} 已受理" in page
    assert score_now() == 5

    second = report_layoff(signal.enterprise, people.sam, planned_cut=10)
    page = signal_page()
    both = " 、 ".join(sorted([first.receipt_no, second.receipt_no]))  # one link each
    assert f"与直报比对 已报告 ：匹配的裁员报告 {both} （计划裁减合计 25 人）" in page
    assert f"少报 → 已报告（裁员报告 {second.receipt_no} 已受理" in page
    assert score_now() == 0
    listing = text(client.get("/monitoring/?status=open"))
    assert f"#{signal.pk} 社保断缴（规模性减员）" in listing and "已报告" in listing

    # a report of another enterprise changes nothing
    events = signal.events.count()
    report_layoff(people.zitong_factory, people.sam, planned_cut=30)
    assert signal.events.count() == events

    withdrawn = client.post(f"/reporting/{second.receipt_no}/withdraw/", {"reason": "重复报送"})
    assert withdrawn.status_code == 302
    page = signal_page()
    assert f"与直报比对 少报 ：匹配的裁员报告 {first.receipt_no} （计划裁减合计 15 人）" in page
    assert f"已报告 → 少报（裁员报告 {second.receipt_no} 已撤回" in page
    assert score_now() == 5

    # each change is in the audit log, on the signal
    audited = (
        AuditEntry.objects.filter(
            object_type="monitoring.signal", object_id=str(signal.pk), action="update"
        )
        .order_by("pk")
        .values_list("before", "after")
    )
    assert [(b["reconciliation"], a["reconciliation"]) for b, a in audited] == [
        ("unreported", "under_reported"),
        ("under_reported", "reported"),
        ("reported", "under_reported"),
    ]


def test_a_rerun_of_detection_keeps_the_match_the_reports_made(crafted, people, login):  # noqa: F811
    detection_run(period="2026-02", at=NOW)
    signal = Signal.objects.get(kind="mass_stoppage")
    report = report_layoff(signal.enterprise, people.sam, planned_cut=25)
    detection_run(period="2026-02", at=NOW + dt.timedelta(days=2))  # the same month again
    page = text(login(people.alice).get(f"/monitoring/signals/{signal.pk}/"))
    assert f"与直报比对 已报告 ：匹配的裁员报告 {report.receipt_no}" in page
    assert "比对结果更新于 2026-03-06 17:00" in page  # the report changed it; the re-run did not


# ---------------------------------------------------------------- towns and industries by name


def registration_surge(tmp_path):
    header = ["身份证号", "登记日期", "原单位统一社会信用代码", "镇街代码"]
    n = 0
    for period, count in (("2026-01", 4), ("2026-02", 12)):
        rows = []
        for _ in range(count):
            n += 1
            rows.append([person_id(n), f"{period}-10", uscc(n % 7), GUILIN])
        feed(tmp_path, "unemployment_registration", period, header, rows)
    return "桂林街道", GUILIN


def town_rate_jump(tmp_path):
    for period, rate in (("2026-01", "4.6"), ("2026-02", "5.4")):
        feed(
            tmp_path,
            "unemployment_rate",
            period,
            ["月份", "镇街代码", "调查失业率"],
            [[period, ZITONG, rate]],
        )
    return "梓潼街道", ZITONG


def vacancy_ratio_fall(tmp_path):
    header = ["月份", "镇街代码", "行业代码", "求职人数", "岗位数"]
    for period, vacancies in (("2026-01", "120"), ("2026-02", "90")):
        feed(tmp_path, "hr_market", period, header, [[period, GUILIN, "", "100", vacancies]])
    return "桂林街道", GUILIN


def capacity_fall(tmp_path):
    header = ["月份", "行业代码", "指标", "数值"]
    for period, value in (("2026-01", "85"), ("2026-02", "70")):
        feed(tmp_path, "industry_capacity", period, header, [[period, "13", "产能利用率", value]])
    return "13 农副食品加工业", None


@pytest.mark.parametrize(
    "kind, make",
    [
        ("registration_surge", registration_surge),
        ("town_rate_jump", town_rate_jump),
        ("vacancy_ratio_fall", vacancy_ratio_fall),
        ("capacity_fall", capacity_fall),
    ],
)
def test_every_signal_about_a_town_or_an_industry_names_it(
    kind, make, reference_data, people, login, tmp_path
):
    name, code = make(tmp_path)
    detection_run(period="2026-02", at=NOW)
    signal = Signal.objects.get(kind=kind)
    client = login(people.alice)
    listing = text(client.get(f"/monitoring/?status=open&kind={kind}"))
    page = text(client.get(f"/monitoring/signals/{signal.pk}/"))
    assert signal.summary.startswith(("行业 " if code is None else "") + name)
    assert signal.summary in listing and signal.summary in page
    if code:  # a town: its 12-digit code appears nowhere, neither in the summary nor the figures
        assert code not in listing and code not in page
        assert f"镇街 {name}" in page
    else:  # an industry: its name beside its code, in the figures too
        assert f"行业 {name}" in page and "行业代码" not in page


def test_a_restructuring_names_the_employer_the_staff_moved_to(crafted, people, login):  # noqa: F811
    receiving = Enterprise.objects.get(uscc=uscc(12))
    Enterprise.objects.filter(pk=receiving.pk).update(name="梓潼新厂有限公司")
    detection_run(period="2026-02", at=NOW)
    signal = Signal.objects.get(kind="restructuring")
    page = text(login(people.alice).get(f"/monitoring/signals/{signal.pk}/"))
    assert "人转到 梓潼新厂有限公司" in signal.summary and signal.summary in page
    assert f"整体转入单位 梓潼新厂有限公司（{uscc(12)}）" in page
