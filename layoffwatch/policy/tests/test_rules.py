"""The rule functions: pure (facts + date in, result + Chinese reasons + version out)."""

import datetime as dt

import pytest

from layoffwatch.policy import rules
from layoffwatch.policy.loader import bundled_policy

from .helpers import level3_threshold_revised

ON = dt.date(2026, 3, 1)
D = dt.date


def test_it_says_why_a_cut_is_graded_and_which_policy_version_it_used():
    result = rules.grade_cut(51, on=ON)
    assert result.level == 2
    assert result.version == bundled_policy().version(ON)
    assert result.version.startswith("tongnan@2023-02-23#")
    assert "51–200 人档" in result.reasons[0] and "二级预警（较重）" in result.reasons[0]


def test_it_names_the_national_rule_when_a_small_cut_is_ten_percent():
    """LCL Art. 41: fewer than 20 but 10%+ of staff still needs a report and 30 days' notice."""
    result = rules.reporting_duty(cut=12, staff=100, on=ON)
    assert result.must_report and result.rule == "LCL41" and result.notice_days == 30
    assert any("第四十一条" in r and "12%" in r for r in result.reasons)


def test_it_makes_the_agency_co_report_only_above_twenty_dispatched():
    """plan S3.1.2"""
    assert not rules.reporting_duty(cut=30, dispatched=20, on=ON).agency_must_report
    duty = rules.reporting_duty(cut=30, dispatched=21, on=ON)
    assert duty.agency_must_report
    assert any("人力资源服务机构同步报告行业主管部门" in r for r in duty.reasons)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"cut": -1}, "cut"),
        ({"cut": 2.5}, "cut"),
        ({"cut": "20"}, "cut"),
        ({"cut": True}, "cut"),
        ({"cut": 10, "staff": 0}, "staff"),
        ({"cut": 10, "staff": 5}, "staff"),
        ({"cut": 10, "dispatched": 11}, "dispatched"),
    ],
)
def test_it_refuses_impossible_counts_naming_the_field(kwargs, field):
    with pytest.raises(rules.InvalidFact) as caught:
        rules.reporting_duty(on=ON, **kwargs)
    assert caught.value.field == field
    assert caught.value.zh and caught.value.en


def test_it_grades_waves_by_their_window_total_and_flags_the_split():
    waves = [(D(2026, 3, 1), 15), (D(2026, 3, 10), 15), (D(2026, 3, 20), 25)]
    result = rules.grade_waves(waves, on=D(2026, 3, 31))
    assert (result.level, result.total, result.split) == (2, 55, True)
    assert [row["level"] for row in result.timeline] == [None, 3, 2]
    assert any("分批裁员" in r for r in result.reasons)


def test_it_never_lowers_the_level_as_old_waves_leave_the_window():
    waves = [(D(2026, 3, 1), 60), (D(2026, 5, 1), 1)]
    assert rules.grade_waves(waves, on=D(2026, 5, 2)).level == 2


def test_it_uses_the_window_in_force_on_each_waves_date():
    text = (
        bundled_policy()
        .files["alert_levels"]
        .text.replace(
            "\nlevel_labels:",
            "\n  2027-01-01: {value: 60, reference: 测试：改为60天}\n\nlevel_labels:",
            1,
        )
    )
    policy = bundled_policy().with_file("alert_levels", text, "test")
    before = [(D(2026, 10, 1), 15), (D(2026, 11, 15), 10)]
    after = [(D(2027, 10, 1), 15), (D(2027, 11, 15), 10)]
    assert rules.grade_waves(before, on=D(2026, 12, 1), policy=policy).level is None
    assert rules.grade_waves(after, on=D(2027, 12, 1), policy=policy).level == 3


def test_it_explains_the_district_grade_from_the_open_alerts():
    """plan S3.2 three grades (ADR 0012)."""
    result = rules.district_assessment(open_alerts={3: 1, 2: 1}, on=ON)
    assert (result.grade, result.score) == (2, 4)
    assert result.reasons[:2] == [
        "未解除的三级预警 1 起 × 1 分 = 1 分",
        "未解除的二级预警 1 起 × 3 分 = 3 分",
    ]


def test_it_refuses_an_unknown_alert_level_in_the_assessment():
    with pytest.raises(rules.InvalidFact):
        rules.district_assessment(open_alerts={4: 1}, on=ON)
    with pytest.raises(rules.InvalidFact):
        rules.district_assessment(open_alerts={3: 1}, unemployment_rate=5.5, on=ON)


def test_it_tells_who_approves_lifting_a_level_one_warning():
    """plan S5.3: 经报批预警可以解除."""
    proc = rules.response_procedure(1, on=ON)
    assert proc.lifting["requires_approval"] and proc.lifting["approver_role"] == "leader"
    assert proc.lifting["approval_body_names"] == ["区委", "区政府"]
    assert any("经报批" in r for r in proc.reasons)
    report = next(s for s in proc.steps if s["key"] == "report")
    assert report["deadline_text"] == "2 小时内" and report["notify_names"] == [
        "区委",
        "区政府",
        "市人力社保局",
    ]


def test_it_files_the_level_three_plan_with_the_municipal_bureau():
    """plan S5.1"""
    proc = rules.response_procedure(3, on=ON)
    filing = next(s for s in proc.steps if s["key"] == "filing")
    assert (
        filing["notify_names"] == ["市人力社保局"] and filing["document_name"] == "风险防控方案备案"
    )
    assert proc.report_within_hours == 12 and not proc.lifting["requires_approval"]


def test_it_lists_annex_tasks_with_roles_never_names():
    result = rules.annex_tasks_for(1, on=ON, include_standing=True)
    assert result.numbers == list(range(1, 15))
    task7 = result.tasks[6]
    assert task7["lead_name"] == "就业和人才中心" and task7["cooperating_names"] == [
        "社会保险事务中心"
    ]
    assert task7["leader_role_name"] == "分管就业和人才工作的责任领导"
    text = bundled_policy().files["annex_tasks"].text
    assert "王东" not in text and "陈文华" not in text


def test_it_refuses_an_unknown_measure():
    with pytest.raises(rules.InvalidFact) as caught:
        rules.annex_tasks_for(3, measures=["bonus"], on=ON)
    assert caught.value.field == "measures"


def test_it_keeps_blacklist_terms_of_the_listing_date():
    """S6.3: a later change of the listing period does not extend an existing listing."""
    text = (
        bundled_policy()
        .files["blacklist"]
        .text.replace(
            "\nearly_removal_after_months:",
            "  2027-01-01: {value: 5, reference: 测试：改为5年}\n\nearly_removal_after_months:",
            1,
        )
    )
    policy = bundled_policy().with_file("blacklist", text, "test")
    old = rules.blacklist_terms(
        finding="late",
        bad_social_impact=True,
        listed_on=D(2026, 5, 1),
        on=D(2027, 6, 1),
        policy=policy,
    )
    new = rules.blacklist_terms(
        finding="late",
        bad_social_impact=True,
        listed_on=D(2027, 5, 1),
        on=D(2027, 6, 1),
        policy=policy,
    )
    assert old.expires_on == D(2029, 5, 1) and new.expires_on == D(2032, 5, 1)


def test_it_adds_months_to_the_end_of_a_short_month():
    assert rules.add_months(D(2024, 2, 29), 36) == D(2027, 2, 28)
    assert rules.add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)


def test_it_refuses_a_layoff_rate_without_any_insured_staff():
    with pytest.raises(rules.InvalidFact):
        rules.layoff_rate_screen(insured_at_start=0, insured_at_end=0, on=ON)


def test_it_never_touches_the_database_or_the_clock():
    """Pure functions: no DB access is allowed here (no django_db mark) and the date is explicit."""
    assert rules.grade_cut(20, on=D(2030, 1, 1)).level == 3
    with pytest.raises(TypeError):
        rules.grade_cut(20, on=dt.datetime(2026, 3, 1, 12, 0))


def test_it_grades_with_a_revision_only_from_its_date():
    policy = bundled_policy().with_file(
        "alert_levels", level3_threshold_revised(D(2027, 1, 1), 30), "test"
    )
    assert rules.grade_cut(25, on=D(2026, 12, 31), policy=policy).level == 3
    assert rules.grade_cut(25, on=D(2027, 1, 1), policy=policy).level is None
    assert (
        rules.grade_cut(30, on=D(2027, 1, 1), policy=policy)
        .reasons[0]
        .startswith("一次性裁员 30 人，属于 30–50 人档")
    )
