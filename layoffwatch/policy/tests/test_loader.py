"""Bad parameter files are rejected with the file, key and problem; the policy stays as it was."""

import datetime as dt
import re

import pytest

from layoffwatch.policy.loader import (
    PolicyError,
    bundled_policy,
    check_revision,
    load_directory,
    read_bundled,
    validate_text,
)

from .helpers import bundled_text, level3_threshold_revised

D = dt.date


def problems_of(key, text):
    _tree, problems = validate_text(key, text)
    return [str(p) for p in problems]


def test_it_accepts_every_bundled_file():
    policy, problems = load_directory()
    assert problems == []
    assert sorted(policy.files) == sorted(read_bundled())


def test_it_rejects_a_count_that_is_not_an_integer():
    text = bundled_text("alert_levels").replace("{value: 51,", "{value: 五十一,", 1)
    [message] = problems_of("alert_levels", text)
    assert message.startswith("alert_levels.yaml › brackets[1].threshold.2023-02-23")
    assert "应为整数" in message and "must be an integer" in message


def test_it_rejects_brackets_out_of_order():
    text = bundled_text("alert_levels").replace("{value: 201,", "{value: 45,", 1)
    messages = problems_of("alert_levels", text)
    assert any(
        "brackets[2].threshold" in m and "须递增" in m and "must increase" in m for m in messages
    )


def test_it_rejects_a_value_without_a_reference():
    text = bundled_text("reporting").replace(
        "    reference: 预案三（一）1 “企业决定一次性裁减20人以上时，应主动报告区人力社保局”\n",
        "",
        1,
    )
    [message] = problems_of("reporting", text)
    assert "reporting.yaml › report_threshold.2023-02-23" in message
    assert "缺少出处" in message and "reference is missing" in message


def test_it_rejects_dates_out_of_order():
    text = level3_threshold_revised(D(2020, 1, 1), 30)
    messages = problems_of("alert_levels", text)
    assert any("brackets[0].threshold.2020-01-01" in m and "先后顺序" in m for m in messages)


def test_it_rejects_two_versions_with_the_same_effective_date():
    text = level3_threshold_revised(D(2023, 2, 23), 30)
    [message] = problems_of("alert_levels", text)
    assert "重复的键" in message and "duplicate key" in message


def test_it_rejects_a_misspelt_key():
    text = bundled_text("blacklist").replace("listing_years:", "listing_yeras:", 1)
    messages = problems_of("blacklist", text)
    assert any("listing_yeras" in m and "不认识的键" in m for m in messages)
    assert any("listing_years" in m and "缺少此项" in m for m in messages)


def test_it_rejects_a_task_led_by_an_unknown_section():
    text = bundled_text("annex_tasks").replace("lead: enforcement", "lead: police", 1)
    messages = problems_of("annex_tasks", text)
    assert any(".lead" in m and "police" in m for m in messages)


def test_it_rejects_a_procedure_step_notifying_an_unknown_body():
    text = bundled_text("response").replace(
        "notify: [bureau_leadership, municipal_bureau]", "notify: [mayor]", 1
    )
    messages = problems_of("response", text)
    assert any("levels.3.2023-02-23.steps[1].notify" in m and "mayor" in m for m in messages)


def test_it_rejects_a_lifting_rule_requiring_a_step_the_level_does_not_have():
    text = bundled_text("response").replace("requires_done: [escalate]", "requires_done: [esclate]")
    messages = problems_of("response", text)
    assert any(
        "levels.1.2023-02-23.lifting.requires_done" in m and "esclate" in m for m in messages
    )


def test_it_rejects_a_negative_grace_for_steps_due_at_once():
    text = bundled_text("response").replace("    value: 2\n", "    value: -1\n", 1)
    messages = problems_of("response", text)
    assert any("immediate_grace_hours" in m and "不能小于 0" in m for m in messages)


def test_it_accepts_a_retired_value_and_resolves_it_to_nothing_after_retirement():
    text = (
        bundled_text("district_assessment")
        + "  2027-01-01: {value: null, reference: 测试：停止按失业率调整}\n"
    )
    policy = bundled_policy().with_file("district_assessment", text, "test")
    assert policy.at(D(2026, 12, 31))["district_assessment"]["unemployment_rate_raise_at"] == 0.055
    assert policy.at(D(2027, 1, 1))["district_assessment"]["unemployment_rate_raise_at"] is None
    history = [
        h
        for h in policy.history("district_assessment")
        if h["path"] == "unemployment_rate_raise_at"
    ]
    assert history[0]["end"] == D(2026, 12, 31) and history[1]["retired"]


def test_it_refuses_a_first_value_that_is_a_retirement():
    text = bundled_text("reporting").replace("    value: 20\n", "    value: null\n", 1)
    [message] = problems_of("reporting", text)
    assert "report_threshold.2023-02-23" in message and "第一个取值" in message


def test_it_keeps_the_policy_in_force_when_a_bad_file_is_offered():
    policy = bundled_policy()
    before = policy.version(D(2026, 3, 1))
    with pytest.raises(PolicyError) as caught:
        policy.with_file("alert_levels", "brackets: [", "test")
    assert "YAML 格式错误" in str(caught.value)
    assert policy.version(D(2026, 3, 1)) == before
    assert policy.at(D(2026, 3, 1))["alert_levels"]["brackets"][0]["threshold"] == 20


def test_it_names_a_missing_or_unknown_file_in_a_directory(tmp_path):
    for key, text in read_bundled().items():
        if key != "blacklist":
            (tmp_path / f"{key}.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "blacklsit.yaml").write_text("x: 1", encoding="utf-8")
    policy, problems = load_directory(tmp_path)
    assert policy is None
    assert {str(p).split(" ›")[0] for p in problems} == {"blacklist.yaml", "blacklsit.yaml"}


class TestRevisionRules:
    """ADR 0013: what a new dated version may and may not do."""

    today = D(2026, 6, 1)

    def check(self, text, effective, pending=()):
        return [
            str(p)
            for p in check_revision(
                bundled_policy(),
                key="alert_levels",
                text=text,
                effective=effective,
                today=self.today,
                pending=list(pending),
            )
        ]

    def test_it_accepts_a_change_dated_after_today(self):
        assert self.check(level3_threshold_revised(D(2027, 1, 1), 30), D(2027, 1, 1)) == []

    def test_it_refuses_a_backdated_version(self):
        messages = self.check(level3_threshold_revised(D(2026, 6, 1), 30), D(2026, 6, 1))
        assert any("effective_date" in m and "晚于今天" in m for m in messages)

    def test_it_refuses_a_version_overlapping_a_registered_future_one(self):
        messages = self.check(
            level3_threshold_revised(D(2027, 1, 1), 30), D(2027, 1, 1), pending=[D(2027, 3, 1)]
        )
        assert any("重叠" in m and "2027-03-01" in m and "overlaps" in m for m in messages)

    def test_it_refuses_a_change_to_history(self):
        text = bundled_text("alert_levels").replace("{value: 51,", "{value: 61,", 1)
        messages = self.check(text, D(2027, 1, 1))
        assert any(
            "brackets[1].threshold.2023-02-23" in m and "历史取值不能修改" in m for m in messages
        )

    def test_it_refuses_a_version_that_changes_nothing(self):
        messages = self.check(bundled_text("alert_levels"), D(2027, 1, 1))
        assert any("没有任何改动" in m for m in messages)

    def test_it_refuses_a_stated_date_that_is_not_the_first_change(self):
        messages = self.check(level3_threshold_revised(D(2027, 6, 1), 30), D(2027, 1, 1))
        assert any("2027-06-01" in m and "不一致" in m for m in messages)


def test_a_yaml_mistake_is_said_in_chinese_with_its_line():
    text = bundled_text("reporting").replace("description:", "description: a: b\ndescr:", 1)
    policy = bundled_policy()
    with pytest.raises(PolicyError) as caught:
        policy.with_file("reporting", text, "test")
    message = str(caught.value)
    assert "YAML 格式错误" in message and "第 " in message
    chinese = message.split("YAML 格式错误：")[1].split("/")[0]
    assert "冒号" in chinese and not re.search(r"[a-z]{4,}", chinese), chinese
