"""A signal's summary is kept in Chinese as its detector (or the clue desk) wrote it, names in
place of codes, and is read in the reader's language on the signal's page, in the list and in
its history (ADR 0100, amended 2026-12-07 (5)). One case for each kind of finding, on the crafted
feeds of the detectors' own tests."""

import datetime as dt
import re

import pytest

from layoffwatch.enterprises.models import Enterprise
from layoffwatch.monitoring import services
from layoffwatch.monitoring.models import Signal
from layoffwatch.monitoring.services import detection_run, source_import
from layoffwatch.reporting.services import monthly_report_submit
from layoffwatch.testing.feeds import person_id, uscc, write_csv

from .conftest import NOW
from .test_consistent_facts import (
    capacity_fall,
    registration_surge,
    town_rate_jump,
    vacancy_ratio_fall,
)
from .test_detection import crafted  # noqa: F401  (the shared crafted social-insurance months)
from .test_detectors_more import GUILIN, UR_HEADER
from .test_signal_words import visible
from .test_stoppage_baseline import district  # noqa: F401  (four months against the usual)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("every_figure_has_a_chinese_label")]

HAN = re.compile(r"[\u4e00-\u9fff]")


def feed(tmp_path, kind, name, header, rows):
    path = write_csv(tmp_path / f"{name}.csv", header, rows)
    source_import(kind=kind, path=path, enqueue_detection=False)


# each case: what it sets up (given the test's fixtures), the month it runs, and the signal's
# kind; the clue is filed by the desk instead


def _crafted(request, tmp_path):
    request.getfixturevalue("crafted")


def _against_usual(request, tmp_path):
    request.getfixturevalue("reference_data")  # towns and industries, after a flushing test
    request.getfixturevalue("district").write(tmp_path, "reason")


def _business_event(request, tmp_path):
    request.getfixturevalue("crafted")
    rows = [[uscc(13), "注销", "2026-02-10"]]
    feed(
        tmp_path, "business_registration", "br", ["统一社会信用代码", "变更事项", "变更日期"], rows
    )


def _claims_cluster(request, tmp_path):
    request.getfixturevalue("reference_data")
    rows = [[person_id(i), f"2026-02-{1 + i * 2:02d}", uscc(20), GUILIN, "是"] for i in range(12)]
    feed(tmp_path, "unemployment_registration", "ur", UR_HEADER, rows)


def _key_sample(request, tmp_path):
    key = request.getfixturevalue("people").guilin_factory
    Enterprise.objects.filter(pk=key.pk).update(is_key_sample=True)
    for period, staff in (("2026-01", 40), ("2026-02", 37)):
        rows = [[person_id(i), key.uscc, period, "4000"] for i in range(staff)]
        feed(tmp_path, "social_insurance", period, ["身份证号", "单位统一社会信用代码", "缴费月份", "缴费基数"], rows)  # fmt: skip


def _tax_drop(request, tmp_path):
    factory = request.getfixturevalue("people").guilin_factory
    Enterprise.objects.filter(pk=factory.pk).update(is_labour_intensive=True)
    for period, revenue in (("2026-01", "1,000,000"), ("2026-02", "550000")):
        feed(tmp_path, "tax", f"tax-{period}", ["纳税人识别号", "所属月份", "营业收入"], [[factory.uscc, period, revenue]])  # fmt: skip


def _wage_arrears(request, tmp_path):
    people = request.getfixturevalue("people")
    monthly_report_submit(
        enterprise=people.guilin_factory,
        data={
            "period": "2026-02",
            "headcount_start": 120,
            "headcount_end": 118,
            "hires": 0,
            "separations": 2,
            "wages_paid_in_full": False,
            "wage_arrears_months": 2,
            "wage_arrears_amount": "360000",
        },
        channel="api",
        actor=people.ed,
        at=NOW,
    )


def _area(make):
    def setup(request, tmp_path):
        request.getfixturevalue("people")
        make(tmp_path)

    return setup


def _clue(request, tmp_path):
    people = request.getfixturevalue("people")
    services.clue_file(
        actor=people.sam,
        at=NOW,
        channel="phone",
        received_on=dt.date(2026, 2, 20),
        description="电话反映该厂辞退工人",
        enterprise=people.guilin_factory,
        reported_count=30,
    )


# kind, setup, month, the Chinese summary (as the detectors wrote it before it had a message),
# its English
CASES = [
    (
        "mass_stoppage",
        _crafted,
        "2026-02",
        f"{uscc(10)} 社保断缴 25 人（社保数据 2026-01 参保 30 人的 83.3%），新增 0 人，"
        "净减少 25 人（无前几个月数据可比）",
        f"{uscc(10)}: contributions stopped for 25 people (83.3% of the 30 insured in 2026-01, "
        "social insurance data), 0 hired, a net loss of 25 (no earlier months to compare with)",
    ),
    (
        "mass_stoppage",
        _against_usual,
        "2026-04",
        "{LAYOFF} 社保断缴 45 人（社保数据 2026-03 参保 400 人的 11.2%），新增 25 人，"
        "前 2 个月平均每月断缴 25 人、新增 25 人，本月超出常态的净减员约 20 人",
        "{LAYOFF}: contributions stopped for 45 people (11.2% of the 400 insured in 2026-03, "
        "social insurance data), 25 hired, over the previous 2 months, on average 25 left and 25 "
        "joined a month; this month's net loss beyond the usual is about 20",
    ),
    (
        "workforce_stop",
        _against_usual,
        "2026-04",
        "{CLOSURE} 全员停缴：社保数据 2026-03 参保 30 人，2026-04 30 人停缴（其中离职减员 30 人；"
        "关停或欠缴）",
        "{CLOSURE}: whole workforce stopped: social insurance data 30 insured in 2026-03, 30 "
        "stopped in 2026-04 (of whom 30 separated; closure or arrears)",
    ),
    (
        "restructuring",
        _crafted,
        "2026-02",
        f"{uscc(11)} 整体划转：25/25 人转到 {uscc(12)}",
        f"{uscc(11)}: transferred whole, 25 of 25 staff moved to {uscc(12)}",
    ),
    (
        "key_sample_job_loss",
        _key_sample,
        "2026-02",
        "桂林食品有限公司 重点样本企业岗位流失率 7.5%（社保数据 2026-01 参保 40 人→2026-02 37 人）",
        "桂林食品有限公司: key sample enterprise's job-loss rate 7.5% (social insurance data: 40 "
        "insured in 2026-01 → 37 in 2026-02)",
    ),
    (
        "claims_cluster",
        _claims_cluster,
        "2026-02",
        f"{uscc(20)} 35 天内 12 人办理失业登记",
        f"{uscc(20)}: 12 people registered as unemployed within 35 days",
    ),
    (
        "registration_surge",
        _area(registration_surge),
        "2026-02",
        "桂林街道 本月失业登记 12 人（前 1 个月平均 4.0）",
        "桂林街道: 12 unemployment registrations this month (average of the previous 1 months: 4.0)",
    ),
    (
        "business_event",
        _business_event,
        "2026-02",
        f"{uscc(13)} 注销（社保数据 2026-01：参保 22 人）",
        f"{uscc(13)}: Deregistered (social insurance data 2026-01: 22 insured)",
    ),
    (
        "tax_drop",
        _tax_drop,
        "2026-02",
        "桂林食品有限公司 营业收入环比下降 45%（劳动密集型）",
        "桂林食品有限公司: revenue down 45% on last month (labour-intensive)",
    ),
    (
        "wage_arrears",
        _wage_arrears,
        "2026-02",
        "桂林食品有限公司 月报欠薪 2 个月",
        "桂林食品有限公司: wages in arrears for 2 months (monthly report)",
    ),
    (
        "town_rate_jump",
        _area(town_rate_jump),
        "2026-02",
        "梓潼街道 调查失业率 5.4%（上月 4.6%，基线 4.6%）",
        "梓潼街道: surveyed unemployment rate 5.4% (last month 4.6%, baseline 4.6%)",
    ),
    (
        "vacancy_ratio_fall",
        _area(vacancy_ratio_fall),
        "2026-02",
        "桂林街道 求人倍率 1.2→0.9",
        "桂林街道: vacancy-to-seeker ratio 1.2 → 0.9",
    ),
    (
        "capacity_fall",
        _area(capacity_fall),
        "2026-02",
        "行业 13 农副食品加工业 产能利用率 85.0%→70.0%",
        "Industry 13 农副食品加工业: capacity utilisation 85.0% → 70.0%",
    ),
    (
        "clue",
        _clue,
        None,
        "电话投诉线索：桂林食品有限公司，反映涉及 30 人",
        "Telephone complaint clue: 桂林食品有限公司, 30 people said to be affected",
    ),
]


def _named(text: str) -> str:
    """The expected text with the names the registry gives the codes (as the summary does)."""
    from .test_stoppage_baseline import CLOSURE, LAYOFF

    text = text.replace("{LAYOFF}", LAYOFF).replace("{CLOSURE}", CLOSURE)
    for e in Enterprise.objects.all():
        text = text.replace(e.uscc, e.name)
    return text


def _read(client, url: str, language: str, start: str, end: str) -> str:
    client.cookies["django_language"] = language
    page = client.get(url).content.decode()
    at = page.index(start)
    return visible(page[at : page.index(end, at)])


@pytest.mark.parametrize(
    "kind, setup, period, chinese, english",
    CASES,
    ids=[c[0] if c[0] != "mass_stoppage" else f"{c[0]}{c[1].__name__}" for c in CASES],
)
def test_a_signals_summary_reads_in_english_and_as_before_in_chinese(
    kind, setup, period, chinese, english, request, tmp_path, login
):
    setup(request, tmp_path)
    if period:
        detection_run(period=period, at=NOW)
    signal = Signal.objects.get(kind=kind)
    chinese, english = _named(chinese), _named(english)
    assert signal.summary == chinese  # stored as the detectors have always written it
    client = login(request.getfixturevalue("people").alice)
    page = f"/monitoring/signals/{signal.pk}/"
    facts = ('id="signal-facts"', "</dl>")
    assert f"摘要 {chinese} " in _read(client, page, "zh-hans", *facts)
    assert f"Summary {english} " in _read(client, page, "en", *facts)
    history = _read(client, page, "en", 'id="signal-events"', "</ul>")
    if kind != "clue":  # the desk's own words are the clue's first event
        assert f"Found: {english}" in history
    listing = _read(client, f"/monitoring/?status=open&kind={kind}", "en", "<tbody", "</tbody>")
    assert english in listing
    # nothing Chinese is left in the English summary but the names it quotes
    names = set(Enterprise.objects.values_list("name", flat=True)) | {
        "桂林街道",
        "梓潼街道",
        "农副食品加工业",
    }
    rest = english
    for name in names:
        rest = rest.replace(name, "")
    assert not HAN.search(rest)


def test_a_signal_recorded_before_its_summary_had_a_message_reads_as_stored(
    crafted,  # noqa: F811
    people,
    login,
):
    detection_run(period="2026-02", at=NOW)
    signal = Signal.objects.get(kind="restructuring")
    Signal.objects.filter(pk=signal.pk).update(summary_message={})
    client = login(people.alice)
    facts = ('id="signal-facts"', "</dl>")
    assert signal.summary in _read(client, f"/monitoring/signals/{signal.pk}/", "en", *facts)
    detection_run(period="2026-02", at=NOW + dt.timedelta(hours=1))  # the same month again
    signal.refresh_from_db()
    assert signal.summary_message  # the same summary's message, and no news in its history
    assert signal.events.count() == 1
