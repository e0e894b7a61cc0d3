"""plan S3.1.3–S3.1.4: the detectors that had no test of their own — key sample enterprises'
job-loss rate, registrations surging in a town, the vacancy-to-seeker ratio falling, and the
capacity of a labour-intensive industry falling (its enterprises go on the watch list, plan S2.3).
Each runs on crafted feeds through the real importer and `detection_run`, thresholds from the
policy (layoffwatch/monitoring/parameters/monitoring.yaml)."""

import pytest

from layoffwatch.enterprises.models import Enterprise
from layoffwatch.monitoring.models import Signal
from layoffwatch.monitoring.services import detection_run, source_import
from layoffwatch.testing.feeds import person_id, uscc, write_csv

from .conftest import NOW
from .test_detectors_more import GUILIN, ZITONG, found

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("every_figure_has_a_chinese_label")]


def feed(tmp_path, kind, period, header, rows):
    source_import(
        kind=kind,
        path=write_csv(tmp_path / f"{kind}-{period}.csv", header, rows),
        enqueue_detection=False,
    )


SI = ["身份证号", "单位统一社会信用代码", "缴费月份", "缴费基数"]


def test_it_flags_a_key_sample_enterprise_losing_5_percent_of_its_jobs(people, tmp_path):
    key, other = people.guilin_factory, people.zitong_factory
    Enterprise.objects.filter(pk=key.pk).update(is_key_sample=True)
    Enterprise.objects.filter(pk=other.pk).update(is_key_sample=False)
    # 40 → 37 at the key sample (7.5 % lost); 40 → 30 at an ordinary employer (not a sample)
    jan = [[person_id(i), key.uscc, "2026-01", "4000"] for i in range(40)]
    jan += [[person_id(100 + i), other.uscc, "2026-01", "4000"] for i in range(40)]
    feb = [[person_id(i), key.uscc, "2026-02", "4000"] for i in range(37)]
    feb += [[person_id(100 + i), other.uscc, "2026-02", "4000"] for i in range(30)]
    feed(tmp_path, "social_insurance", "2026-01", SI, jan)
    feed(tmp_path, "social_insurance", "2026-02", SI, feb)
    losses = found(detection_run(period="2026-02", at=NOW), "key_sample_job_loss")
    assert set(losses) == {key.uscc}
    assert losses[key.uscc].count == 3
    assert float(losses[key.uscc].figures["job_loss_rate"]) == 0.075
    signal = Signal.objects.get(kind="key_sample_job_loss")
    assert signal.enterprise == key and signal.summary.startswith(key.name)


def test_it_flags_registrations_surging_in_a_town_against_its_own_months_before(
    reference_data, tmp_path
):
    header = ["身份证号", "登记日期", "原单位统一社会信用代码", "镇街代码"]
    # 桂林: 4 a month for three months, then 12 (≥ 10 and ≥ 1.5 × 4); 梓潼: 9 → 12 (12 < 1.5 × 9)
    counts = {"2025-11": (4, 9), "2025-12": (4, 9), "2026-01": (4, 9), "2026-02": (12, 12)}
    n = 0
    for period, (guilin, zitong) in counts.items():
        rows = []
        for town, k in ((GUILIN, guilin), (ZITONG, zitong)):
            for _ in range(k):
                n += 1
                rows.append([person_id(n), f"{period}-10", uscc(n % 7), town])
        feed(tmp_path, "unemployment_registration", period, header, rows)
    surges = found(detection_run(period="2026-02", at=NOW), "registration_surge")
    assert set(surges) == {GUILIN}
    assert surges[GUILIN].count == 12 and float(surges[GUILIN].figures["baseline"]) == 4.0
    signal = Signal.objects.get(kind="registration_surge")
    assert signal.town_id == GUILIN and signal.summary.startswith("桂林街道 本月失业登记 12 人")


def test_it_flags_the_vacancy_to_seeker_ratio_falling_by_a_fifth(reference_data, tmp_path):
    header = ["月份", "镇街代码", "行业代码", "求职人数", "岗位数"]
    # 桂林 1.2 → 0.9 (−25 %); 梓潼 1.0 → 0.9 (−10 %); the district (blank town) 1.0 → 0.5
    feed(
        tmp_path,
        "hr_market",
        "2026-01",
        header,
        [["2026-01", GUILIN, "", "100", "120"], ["2026-01", ZITONG, "", "100", "100"]]
        + [["2026-01", "", "", "1000", "1000"]],
    )
    feed(
        tmp_path,
        "hr_market",
        "2026-02",
        header,
        [["2026-02", GUILIN, "", "100", "90"], ["2026-02", ZITONG, "", "100", "90"]]
        + [["2026-02", "", "", "1000", "500"]],
    )
    falls = found(detection_run(period="2026-02", at=NOW), "vacancy_ratio_fall")
    assert set(falls) == {GUILIN, None}  # None: the district as a whole
    assert float(falls[GUILIN].figures["ratio"]) == 0.9
    summaries = sorted(
        Signal.objects.filter(kind="vacancy_ratio_fall").values_list("summary", flat=True)
    )
    assert summaries == ["全区 求人倍率 1.0→0.5", "桂林街道 求人倍率 1.2→0.9"]


def test_it_flags_a_labour_intensive_industry_whose_capacity_falls_and_watches_its_enterprises(
    people, tmp_path
):
    factory = (
        people.guilin_factory
    )  # industry 1361, in division 13 农副食品加工业 (labour-intensive)
    Enterprise.objects.filter(pk=factory.pk).update(is_labour_intensive=True, on_watch_list=False)
    header = ["月份", "行业代码", "指标", "数值"]
    # 13: 85 → 70 (−15 points); 18: 80 → 75 (−5); 25 (not labour-intensive): 90 → 60
    before = {"13": "85", "18": "80", "25": "90"}
    after = {"13": "70", "18": "75", "25": "60"}
    for period, values in (("2026-01", before), ("2026-02", after)):
        rows = [[period, code, "产能利用率", v] for code, v in values.items()]
        feed(tmp_path, "industry_capacity", period, header, rows)
    result = detection_run(period="2026-02", at=NOW)
    falls = [f for f in result["findings"] if f.kind == "capacity_fall"]
    assert [f.industry_code for f in falls] == ["13"]
    signal = Signal.objects.get(kind="capacity_fall")
    assert signal.industry_id == "13"
    assert signal.summary == "行业 13 农副食品加工业 产能利用率 85.0%→70.0%"
    factory.refresh_from_db()
    assert factory.on_watch_list  # plan S2.3: the industry's labour-intensive enterprises watched
