"""plan S3.1.3–S3.1.4: reconciliation with real layoff reports, and the other detectors on crafted
feeds (claims cluster, business events, tax fall, wage arrears, town unemployment rate)."""

import datetime as dt

import pytest

from layoffwatch.enterprises.models import Enterprise
from layoffwatch.monitoring.models import Signal
from layoffwatch.monitoring.services import detection_run, source_import
from layoffwatch.reporting.services import layoff_report_submit, monthly_report_submit
from layoffwatch.testing.feeds import person_id, uscc, write_csv
from layoffwatch.testing.reports import layoff_body

from .conftest import NOW
from .test_detection import crafted  # noqa: F401  (the shared crafted social-insurance months)

pytestmark = pytest.mark.usefixtures("every_figure_has_a_chinese_label")

GUILIN = "500152001000"
ZITONG = "500152002000"


def found(result, kind):
    return {(f.employer_uscc or f.town_code): f for f in result["findings"] if f.kind == kind}


def report_layoff(enterprise, actor, planned_cut):
    return layoff_report_submit(
        enterprise=enterprise,
        data=layoff_body(enterprise, planned_cut=planned_cut, effective_date="2026-02-15"),
        channel="staff",
        actor=actor,
        at=dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC),
    ).report


def test_it_marks_a_stoppage_matching_a_layoff_report_as_reported(crafted, people):  # noqa: F811
    report = report_layoff(Enterprise.objects.get(uscc=uscc(10)), people.sam, planned_cut=25)
    detection_run(period="2026-02", at=NOW)
    signal = Signal.objects.get(kind="mass_stoppage")
    assert signal.reconciliation == "reported"
    assert signal.figures["reconciliation"]["receipts"] == [report.receipt_no]


def test_it_flags_a_report_naming_far_fewer_people_than_the_data_as_under_reported(
    crafted,  # noqa: F811
    people,
):
    report_layoff(Enterprise.objects.get(uscc=uscc(10)), people.sam, planned_cut=15)
    detection_run(period="2026-02", at=NOW)
    signal = Signal.objects.get(kind="mass_stoppage")
    assert signal.reconciliation == "under_reported"
    assert signal.figures["reconciliation"]["reported"] == 15 and signal.count == 25


UR_HEADER = ["身份证号", "登记日期", "原工作单位统一社会信用代码", "镇街代码", "申领失业保险金"]


def test_it_flags_a_cluster_of_unemployment_registrations_naming_one_employer(
    reference_data, tmp_path
):
    rows = [[person_id(i), f"2026-02-{1 + i * 2:02d}", uscc(20), GUILIN, "是"] for i in range(12)]
    rows += [[person_id(50 + i), "2026-02-10", uscc(21), ZITONG, "否"] for i in range(4)]
    source_import(
        kind="unemployment_registration",
        path=write_csv(tmp_path / "ur.csv", UR_HEADER, rows),
        enqueue_detection=False,
    )
    clusters = found(detection_run(period="2026-02", at=NOW), "claims_cluster")
    assert set(clusters) == {uscc(20)}  # 4 registrations are no cluster
    assert clusters[uscc(20)].count == 12 and clusters[uscc(20)].figures["ui_claims"] == 12


def test_it_flags_the_deregistration_of_an_employer_with_20_insured_staff(
    crafted,  # noqa: F811
    tmp_path,
):
    rows = [
        [uscc(13), "注销", "2026-02-10"],  # 22 insured in January
        [uscc(16), "列入经营异常名录", "2026-02-11"],  # 25 insured: abnormal status counts too
        [uscc(30), "注销", "2026-02-12"],  # unknown, nobody insured: not a signal
        [uscc(14), "迁出", "2026-02-12"],  # moving out is no distress
    ]
    source_import(
        kind="business_registration",
        path=write_csv(tmp_path / "br.csv", ["统一社会信用代码", "变更事项", "变更日期"], rows),
        enqueue_detection=False,
    )
    events = found(detection_run(period="2026-02", at=NOW), "business_event")
    assert set(events) == {uscc(13), uscc(16)}
    assert events[uscc(13)].count == 22 and events[uscc(13)].figures["event"] == "deregistered"


def test_it_flags_a_sharp_revenue_fall_only_for_a_labour_intensive_employer(people, tmp_path):
    people.guilin_factory.is_labour_intensive = True
    people.guilin_factory.save()
    people.zitong_factory.is_labour_intensive = False
    people.zitong_factory.save()
    header = ["纳税人识别号", "所属月份", "营业收入"]
    for period, revenue in (("2026-01", "1,000,000"), ("2026-02", "550000")):
        rows = [[e.uscc, period, revenue] for e in (people.guilin_factory, people.zitong_factory)]
        source_import(
            kind="tax",
            path=write_csv(tmp_path / f"tax-{period}.csv", header, rows),
            enqueue_detection=False,
        )
    falls = found(detection_run(period="2026-02", at=NOW), "tax_drop")
    assert set(falls) == {people.guilin_factory.uscc}
    assert float(falls[people.guilin_factory.uscc].figures["drop_share"]) == 0.45


def test_it_flags_wages_in_arrears_from_the_monthly_report(people):
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
    arrears = found(detection_run(period="2026-02", at=NOW), "wage_arrears")
    assert set(arrears) == {people.guilin_factory.uscc}
    assert "欠薪 2 个月" in arrears[people.guilin_factory.uscc].summary


def test_it_flags_a_town_whose_surveyed_unemployment_rate_jumps(reference_data, tmp_path):
    header = ["月份", "镇街代码", "调查失业率"]
    for period, guilin, zitong in (("2026-01", "4.6", "5.0"), ("2026-02", "5.4", "5.1")):
        source_import(
            kind="unemployment_rate",
            path=write_csv(
                tmp_path / f"rate-{period}.csv",
                header,
                [[period, GUILIN, guilin], [period, ZITONG, zitong]],
            ),
            enqueue_detection=False,
        )
    jumps = found(detection_run(period="2026-02", at=NOW), "town_rate_jump")
    assert set(jumps) == {GUILIN}  # +0.8 points; 梓潼 +0.1 is noise
    signal = Signal.objects.get(kind="town_rate_jump")
    assert signal.town_id == GUILIN
    # staff read the town's name, not its 12-digit statistical code
    assert signal.summary.startswith("桂林街道 调查失业率 5.4%") and GUILIN not in signal.summary


@pytest.mark.parametrize("kind", ["claims_cluster", "business_event", "tax_drop"])
def test_it_skips_a_detector_whose_feed_has_not_arrived(reference_data, kind):
    assert kind in detection_run(period="2026-02", at=NOW)["skipped"]
