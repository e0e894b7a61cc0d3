"""plan S3.1.3 社保断缴 judged against the employer's own months (ADR 0095): ordinary turnover
replaced by hires is not a mass layoff, a one-off cut at the same employer and a closure are, the
two file forms give the same events in the same month, and the score ranks by size and share."""

import itertools

import pytest
from huey.contrib.djhuey import HUEY

from layoffwatch.enterprises.models import Enterprise
from layoffwatch.monitoring.detectors import mass_stoppage
from layoffwatch.monitoring.models import Signal
from layoffwatch.monitoring.services import detection_run, source_import
from layoffwatch.monitoring.services.feed_imports import months_to_judge
from layoffwatch.reporting.services import layoff_report_submit
from layoffwatch.testing.feeds import person_id, uscc, write_csv
from layoffwatch.testing.reports import layoff_body

from .conftest import NOW

MONTHS = ("2026-01", "2026-02", "2026-03", "2026-04")
REASON_FORM = ["身份证号", "单位统一社会信用代码", "缴费月份", "缴费基数", "增减变动", "变动原因"]
SNAPSHOT_FORM = ["身份证号", "单位统一社会信用代码", "缴费月份", "缴费基数"]
TURNOVER, LAYOFF, SEASONAL, CLOSURE = uscc(30), uscc(31), uscc(32), uscc(33)


def _people():
    # valid, distinct ID numbers of people aged 31–45 (under every retirement age)
    for n in itertools.count():
        yield person_id(n % 1000, "500223", f"{1981 + n // 1000}0101")


class District:
    """Four months of contributions: who is at each employer, who left how, who was added."""

    def __init__(self):
        self.new = _people()
        self.staff = {TURNOVER: self.hire(400), LAYOFF: self.hire(400)}
        self.staff |= {SEASONAL: self.hire(100), CLOSURE: self.hire(30)}
        self.months = []
        for month in MONTHS:
            self.months.append((month, self.month(month)))

    def hire(self, n):
        return [next(self.new) for _ in range(n)]

    def month(self, month):
        """This month's rows: (person, employer, change, reason); removed people last."""
        rows = []
        for employer, people in self.staff.items():
            leaving: dict[str, str] = {}
            added: list[str] = []
            if month != MONTHS[0] and employer in (TURNOVER, LAYOFF):
                leaving |= dict.fromkeys(people[:25], "辞职")  # 25 quit every month …
                added = self.hire(25)  # … and 25 are hired in their place
            if month == "2026-04" and employer == LAYOFF:
                leaving |= dict.fromkeys(people[25:45], "辞退")  # a one-off cut of 20
            if month == "2026-03" and employer == SEASONAL:
                added = self.hire(25)
            if month == "2026-04" and employer == SEASONAL:
                leaving |= dict.fromkeys(people[-25:], "合同到期")  # the season's end
            if month == "2026-04" and employer == CLOSURE:
                leaving |= dict.fromkeys(people, "")  # the whole workforce stops: no 减员 rows
            people[:] = [p for p in people if p not in leaving] + added
            rows += [(p, employer, "增加" if p in added else "", "") for p in people]
            rows += [(p, employer, "减少", why) for p, why in leaving.items() if why]
        return rows

    def write(self, tmp_path, form):
        for month, rows in self.months:
            if form == "snapshot":  # only the people contributing; no change columns
                body = [[p, e, month, "4000"] for p, e, change, _why in rows if change != "减少"]
                path = write_csv(tmp_path / f"{form}-{month}.csv", SNAPSHOT_FORM, body)
            else:
                body = [[p, e, month, "4000", change, why] for p, e, change, why in rows]
                path = write_csv(tmp_path / f"{form}-{month}.csv", REASON_FORM, body)
            source_import(kind="social_insurance", path=path, enqueue_detection=False)


@pytest.fixture(scope="module")
def district():
    return District()


def flagged(result):
    return {(f.kind, f.employer_uscc): f.count for f in result["findings"] if f.employer_uscc}


@pytest.mark.parametrize("form", ["reason", "snapshot"])
def test_turnover_replaced_by_hires_is_not_flagged_but_a_cut_at_the_same_employer_and_a_closure_are(
    reference_data, tmp_path, district, form
):
    district.write(tmp_path, form)
    found = flagged(detection_run(period="2026-04", at=NOW))
    # the layoff employer: 25 quits + 20 cut, 25 hires → 20 beyond its usual net loss of 0
    assert found == {("mass_stoppage", LAYOFF): 45, ("workforce_stop", CLOSURE): 30}
    # the months before hold no event: the same turnover every month is nobody's layoff
    for month in ("2026-02", "2026-03"):
        assert flagged(detection_run(period=month, at=NOW)) == {}


def test_both_file_forms_give_the_same_events_in_the_same_month(reference_data, tmp_path, district):
    seen = {}
    for form in ("reason", "snapshot"):
        district.write(tmp_path, form)
        seen[form] = {month: flagged(detection_run(period=month, at=NOW)) for month in MONTHS[1:]}
    assert seen["reason"] == seen["snapshot"]
    assert seen["reason"]["2026-04"] != {}  # the events are there, in April, in both


def test_the_signal_tells_the_cut_against_the_employers_usual_months(
    reference_data, tmp_path, district
):
    district.write(tmp_path, "reason")
    detection_run(period="2026-04", at=NOW)
    s = Signal.objects.get(kind="mass_stoppage")
    assert "前 2 个月平均每月断缴 25 人、新增 25 人，本月超出常态的净减员约 20 人" in s.summary
    assert s.figures["unusual_loss"] == 20 and s.figures["hires"] == 25


T = {"min_cut": 20, "stoppage": {"unusual_share": 0.75, "workforce_stop_share": 0.95}}


def graded(kind, separations, before, *, hires=0, baseline=()):
    row = {
        "employer_uscc": "x",
        "headcount_before": before,
        "leavers": separations if kind == "workforce_stop" else separations + 1,
        "separations": separations,
        "hires": hires,
        "moved_to_count": 0,
    }
    full = {**T["stoppage"], "restructuring_share": 0.8}
    return mass_stoppage.judged(row, list(baseline), {**T, "stoppage": full})


def test_the_score_ranks_by_the_loss_against_the_usual_and_the_share_of_the_workforce():
    usual = [{"leavers": 40, "separations": 40, "hires": 40}] * 3
    ranked = [
        graded("mass_stoppage", 340, 400, hires=0),  # 85 % of the workforce laid off
        graded("workforce_stop", 160, 160),  # a closure of 160
        graded("mass_stoppage", 100, 400),  # a quarter of a mid-sized employer
        graded("mass_stoppage", 100, 3000, hires=40, baseline=usual),  # 60 beyond usual
        graded("workforce_stop", 20, 20),  # a closure of 20
        graded("mass_stoppage", 60, 5000, hires=40, baseline=usual),  # 20 beyond usual
    ]
    assert all(r["kind"] for r in ranked)
    scores = [mass_stoppage.points(r, 20) for r in ranked]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)
    assert scores[0] == 100 and max(scores[1:]) < 100  # only the extreme case is at the maximum
    # the same 60 leavers at the same employer: ordinary when replaced, a layoff when not
    assert graded("mass_stoppage", 60, 5000, hires=58, baseline=usual)["kind"] is None


@pytest.mark.parametrize("history", [0, 1, 3])
def test_a_steady_shrinking_employer_is_judged_against_its_own_net_loss(history):
    usual = [
        {"leavers": 30, "separations": 30, "hires": 0}
    ] * history  # loses 30 unreplaced every month
    row = graded("mass_stoppage", 30, 3000, baseline=usual)
    assert (row["kind"] == "mass_stoppage") is (history == 0)  # with no history: unknown, flagged
    assert row["baseline_months"] == history
    assert ("usual_net_loss" in row) is bool(history)  # no "usual" figure without months


def test_a_closure_says_how_everyone_left_and_a_stoppage_names_no_transfer(
    reference_data, tmp_path, district
):
    district.write(tmp_path, "reason")
    detection_run(period="2026-04", at=NOW)
    closure = Signal.objects.get(kind="workforce_stop")
    assert "2026-04 30 人停缴（其中离职减员 30 人；关停或欠缴）" in closure.summary
    stoppage = Signal.objects.get(kind="mass_stoppage")
    # a few leavers who found work at the same new employer are no "whole transfer"
    assert "moved_to" not in stoppage.figures and "moved_to_count" not in stoppage.figures


def test_a_report_of_the_cut_itself_is_enough_though_the_month_also_had_ordinary_quits(
    reference_data, tmp_path, district, people, login
):
    district.write(tmp_path, "reason")
    detection_run(period="2026-04", at=NOW)
    signal = Signal.objects.get(kind="mass_stoppage")  # 45 stopped: 25 ordinary quits + a cut of 20
    layoff_report_submit(
        enterprise=signal.enterprise,
        data=layoff_body(signal.enterprise, planned_cut=20, effective_date="2026-04-15"),
        channel="staff",
        actor=people.sam,
        at=NOW,
    )
    signal.refresh_from_db()
    assert signal.reconciliation == "reported"  # 20 reported against the estimated cut of 20
    page = login(people.alice).get(f"/monitoring/signals/{signal.pk}/").content.decode()
    assert "比对的是数据中的裁员人数 20 人" in page


def test_a_key_sample_whose_staff_all_moved_to_a_successor_lost_no_jobs(
    reference_data, tmp_path, people
):
    key, successor = people.guilin_factory, people.zitong_factory
    Enterprise.objects.filter(pk=key.pk).update(is_key_sample=True)
    staff = [person_id(i, "500223", "19850101") for i in range(40)]
    months = {
        "2026-01": [[p, key.uscc, "2026-01", "4000"] for p in staff],
        "2026-02": [[p, successor.uscc, "2026-02", "4000"] for p in staff],
    }
    for month, rows in months.items():
        path = write_csv(tmp_path / f"{month}.csv", SNAPSHOT_FORM, rows)
        source_import(kind="social_insurance", path=path, enqueue_detection=False)
    kinds = {f.kind for f in detection_run(period="2026-02", at=NOW)["findings"]}
    assert "restructuring" in kinds and "key_sample_job_loss" not in kinds


def test_replacing_a_month_judges_the_months_after_it_again(
    reference_data, tmp_path, district, django_capture_on_commit_callbacks
):
    district.write(tmp_path, "reason")
    detection_run(period="2026-04", at=NOW)
    signal = Signal.objects.get(kind="mass_stoppage")
    assert signal.figures["usual_separations"] == 25
    # March again, corrected: the layoff employer's 25 leavers that month had retired
    march = [
        [p, e, "2026-03", "4000", change, "退休" if (e, why) == (LAYOFF, "辞职") else why]
        for p, e, change, why in dict(district.months)["2026-03"]
    ]
    before = HUEY.immediate
    HUEY.immediate = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            source_import(
                kind="social_insurance",
                path=write_csv(tmp_path / "march-again.csv", REASON_FORM, march),
            )
    finally:
        HUEY.immediate = before
    assert months_to_judge("social_insurance", ["2026-03"]) == ["2026-03", "2026-04"]
    signal.refresh_from_db()
    # April was judged again on the queue, against the corrected March
    assert signal.figures["usual_separations"] == 12.5
    assert "前 2 个月平均每月断缴 12.5 人" in signal.summary
