"""plan S3.1.3: the stoppage detector on crafted data; signals flow to verification and alerts."""

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from layoffwatch.alerts.models import Alert
from layoffwatch.monitoring import services
from layoffwatch.monitoring.models import Signal
from layoffwatch.monitoring.services import detection_run, source_import
from layoffwatch.testing.feeds import person_id, uscc, write_csv

from .conftest import NOW

H = ["person_id", "employer_uscc", "period", "contribution_base", "change_type", "change_reason"]


def pid(n: int, *, male: bool = True, born: str = "19900101") -> str:
    seq = n * 2 + (1 if male else 0)
    return person_id(seq, "500223" if n % 2 else "510227", born)


@pytest.fixture
def crafted(reference_data, tmp_path):
    jan, feb = [], []

    def staff(first, count, employer, **kw):
        people = [pid(first + i, **kw) for i in range(count)]
        jan.extend([p, uscc(employer), "2026-01", "4000", "", ""] for p in people)
        return people

    laid = staff(0, 30, 10)  # 25 laid off, 5 stay → mass_stoppage 25
    feb += [[p, uscc(10), "2026-02", "4000", "减少", "辞退"] for p in laid[:25]]
    feb += [[p, uscc(10), "2026-02", "4000", "", ""] for p in laid[25:]]
    moved = staff(100, 25, 11)  # the whole workforce moves to employer 12 → restructuring
    feb += [[p, uscc(12), "2026-02", "4000", "增加", ""] for p in moved]
    staff(200, 22, 13)  # everyone stops at once → workforce_stop
    changers = staff(300, 30, 14)  # 22 change jobs to employer 15, 8 stay → nothing
    feb += [[p, uscc(15), "2026-02", "4000", "增加", ""] for p in changers[:22]]
    feb += [[p, uscc(14), "2026-02", "4000", "", ""] for p in changers[22:]]
    retirees = staff(400, 25, 16, born="19640101")  # aged 62: 10 by reason, 15 by age → nothing
    feb += [[p, uscc(16), "2026-02", "4000", "减少", "退休"] for p in retirees[:10]]
    feb += [[p, uscc(16), "2026-02", "4000", "减少", ""] for p in retirees[10:]]
    source_import(
        kind="social_insurance", path=write_csv(tmp_path / "1.csv", H, jan), enqueue_detection=False
    )
    source_import(
        kind="social_insurance", path=write_csv(tmp_path / "2.csv", H, feb), enqueue_detection=False
    )


def kinds(result):
    return {(f.kind, f.employer_uscc): f.count for f in result["findings"]}


def test_it_flags_mass_stoppage_restructuring_and_workforce_stop_but_not_job_changes_or_retirement(
    crafted,
):
    found = kinds(detection_run(period="2026-02", at=NOW))
    assert found[("mass_stoppage", uscc(10))] == 25
    assert found[("restructuring", uscc(11))] == 25
    assert found[("workforce_stop", uscc(13))] == 22
    assert not any(e in (uscc(14), uscc(16)) for _k, e in found)


def test_it_marks_a_stoppage_nobody_reported_as_unreported(crafted):
    detection_run(period="2026-02", at=NOW)
    assert Signal.objects.get(kind="mass_stoppage").reconciliation == "unreported"


def test_it_never_duplicates_signals_when_a_period_is_run_again(crafted):
    first = detection_run(period="2026-02", at=NOW)
    again = detection_run(period="2026-02", at=NOW)
    assert first["created"] == Signal.objects.count() and again["created"] == 0


def test_it_prints_the_detect_json_shape(crafted):
    out = io.StringIO()
    call_command("detect", "--period", "2026-02", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["period"] == "2026-02"
    first = data["signals"][0]
    assert {"kind", "employer_uscc", "town_code", "count", "score"} <= set(first)
    assert {s["kind"] for s in data["signals"]} >= {
        "mass_stoppage",
        "workforce_stop",
        "restructuring",
    }


def test_it_assigns_data_signals_to_annex_task_2s_lead_unit(crafted):
    detection_run(period="2026-02", at=NOW)
    s = Signal.objects.get(kind="mass_stoppage")
    assert s.assigned_unit.code == "talent_center" and s.annex_task == 2


def _verify(signal, user, affected=25):
    return services.verification_record(
        signal=signal,
        actor=user,
        at=NOW,
        method="call",
        contacted_on=dt.date(2026, 3, 4),
        reason="订单减少",
        affected=affected,
        separation_from=dt.date(2026, 2, 10),
        separation_to=dt.date(2026, 2, 20),
        recall_expected=False,
    )


def test_it_raises_an_alert_when_staff_confirm_a_verified_stoppage(crafted, people):
    detection_run(period="2026-02", at=NOW)
    signal = Signal.objects.get(kind="mass_stoppage")
    _verify(signal, people.sam)
    signal.refresh_from_db()
    assert signal.status == "assigned" and signal.assigned_to == people.sam
    signal = services.signal_confirm(signal=signal, actor=people.sam, at=NOW)
    assert signal.status == "confirmed"
    alert = Alert.objects.get(pk=signal.alert_id)
    assert alert.level == 3 and alert.enterprise.uscc == uscc(10)


def test_it_refuses_to_confirm_without_a_verification(crafted, people):
    detection_run(period="2026-02", at=NOW)
    signal = Signal.objects.get(kind="mass_stoppage")
    services.signal_take(signal=signal, actor=people.sam, at=NOW)
    with pytest.raises(ValidationError):
        services.signal_confirm(signal=signal, actor=people.sam, at=NOW)


def test_it_dismisses_only_with_a_reason(crafted, people):
    detection_run(period="2026-02", at=NOW)
    a, b = Signal.objects.filter(kind__in=["mass_stoppage", "workforce_stop"]).order_by("pk")
    with pytest.raises(ValidationError):
        services.signal_dismiss(signal=a, actor=people.sam, at=NOW, reason=" ")
    assert (
        services.signal_dismiss(
            signal=a, actor=people.sam, at=NOW, reason="季节性停产，已复工"
        ).status
        == "dismissed"
    )
    with pytest.raises(ValidationError):  # a dismissed signal takes no duplicates
        services.signal_merge(signal=b, actor=people.sam, at=NOW, into=a)


def test_it_merges_a_duplicate_into_the_signal_being_verified(crafted, people):
    detection_run(period="2026-02", at=NOW)
    a, b = Signal.objects.filter(kind__in=["mass_stoppage", "workforce_stop"]).order_by("pk")
    merged = services.signal_merge(signal=b, actor=people.sam, at=NOW, into=a)
    assert merged.status == "merged" and merged.merged_into == a


def test_it_refuses_verification_by_someone_outside_the_lead_unit(crafted, people):
    detection_run(period="2026-02", at=NOW)
    signal = Signal.objects.get(kind="mass_stoppage")
    with pytest.raises(PermissionDenied):
        _verify(signal, people.tina)


def test_it_files_a_clue_into_the_same_pipeline_for_annex_task_4(people):
    clue = services.clue_file(
        actor=people.cai,
        at=NOW,
        channel="broker",
        received_on=dt.date(2026, 3, 1),
        description="劳务经纪人反映该厂下月将裁员约40人",
        enterprise=people.zitong_factory,
        reported_count=40,
    )
    assert clue.signal.kind == "clue" and clue.signal.assigned_unit.code == "enforcement"
    assert clue.signal.annex_task == 4


def test_it_shows_signals_only_within_the_users_scope(crafted, people, login):
    detection_run(period="2026-02", at=NOW)
    signal = Signal.objects.get(kind="mass_stoppage")  # a feed employer, registered in 桂林街道
    assert login(people.sam).get(f"/monitoring/signals/{signal.pk}/").status_code == 200
    signal.town_id = "500152002000"
    signal.save()
    assert login(people.tina).get(f"/monitoring/signals/{signal.pk}/").status_code == 404
    assert login(people.ed).get("/monitoring/").status_code == 403


def test_it_shows_a_key_sample_enterprise_page(people, login):
    people.guilin_factory.is_key_sample = True
    people.guilin_factory.save()
    page = login(people.sam).get(f"/monitoring/key-samples/{people.guilin_factory.uscc}/")
    assert page.status_code == 200 and "trend-data" in page.content.decode()


def test_the_signal_page_names_each_figure_in_chinese(crafted, people, login):
    from layoffwatch.monitoring.models import FIGURE_LABELS

    detection_run(period="2026-02", at=NOW)
    for s in Signal.objects.all():
        assert set(s.figures) <= set(FIGURE_LABELS), set(s.figures) - set(FIGURE_LABELS)
    signal = Signal.objects.get(kind="mass_stoppage")
    page = login(people.sam).get(f"/monitoring/signals/{signal.pk}/").content.decode()
    figures = page[
        page.index('id="signal-figures"') : page.index(
            "</table>", page.index('id="signal-figures"')
        )
    ]
    assert "本月停缴人数" in figures and "其中到其他单位参保（换工作）" in figures
    assert ">leavers<" not in figures  # the column name stays only as a tooltip
    assert "社保断缴（规模性减员）" in figures and ">mass_stoppage<" not in figures  # 信号类型


def test_the_key_sample_page_shows_the_wage_level_of_the_latest_month_with_staff(
    people, login, tmp_path
):
    """plan S3.1.4 (wage level): the average contribution base from the lake; a plant whose
    staff all stopped this month shows last month's, with its month."""
    factory = people.guilin_factory
    factory.is_key_sample = True
    factory.save()
    header = ["身份证号", "单位统一社会信用代码", "缴费月份", "缴费基数"]
    jan = [
        [person_id(i), factory.uscc, "2026-01", str(base)]
        for i, base in enumerate((4000, 5000, 9000))
    ]
    feb = [[person_id(9), people.zitong_factory.uscc, "2026-02", "4500"]]  # none at the factory
    for period, rows in (("2026-01", jan), ("2026-02", feb)):
        source_import(
            kind="social_insurance",
            path=write_csv(tmp_path / f"si-{period}.csv", header, rows),
            enqueue_detection=False,
        )
    page = login(people.sam).get(f"/monitoring/key-samples/{factory.uscc}/").content.decode()
    wage = page[
        page.index('id="wage-level">') : page.index("</dd>", page.index('id="wage-level">'))
    ]
    assert "6000 元（2026-01，中位数 5000 元）" in wage
