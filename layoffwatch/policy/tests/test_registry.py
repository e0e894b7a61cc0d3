"""One parameter registry (ADR 0092): the apps' dated files and the intake's limits are checked by
`policy check`, shown on the policy page, revised like policy files, and read on a date."""

import datetime as dt
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from layoffwatch.assistance.params import assistance_params, four_fast_targets
from layoffwatch.monitoring.params import thresholds
from layoffwatch.policy.loader import (
    PARAMETERS_DIR,
    bundled_policy,
    check_revision,
    parameter_file,
    read_bundled,
    validate_text,
)
from layoffwatch.policy.models import PolicyRevision
from layoffwatch.policy.selectors import reporting_limits
from layoffwatch.policy.services import policy_revision_add

D = dt.date
TODAY = D(2026, 6, 1)
CHANGE = D(2027, 1, 1)


def problems_of(key, text):
    _tree, problems = validate_text(key, text)
    return [str(p) for p in problems]


def revised(key: str, old: str, new: str) -> str:
    """The bundled file with one dated value added after `old` (history kept as it was)."""
    text = read_bundled()[key]
    assert text.count(old) == 1, old
    return text.replace(old, old + new, 1)


# ------------------------------------------------------------------ policy check


def copy_policy_folder(tmp_path):
    for path in PARAMETERS_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)


def check(*args):
    out, err = StringIO(), StringIO()
    call_command("policy", "check", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_check_fails_naming_the_file_and_field_of_a_monitoring_threshold_out_of_range(
    tmp_path,
):
    copy_policy_folder(tmp_path)
    text = read_bundled()["monitoring"].replace("{value: 0.8,", "{value: 1.5,", 1)
    (tmp_path / "monitoring.yaml").write_text(text, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(
            "policy", "check", "--parameters", str(tmp_path), stdout=StringIO(), stderr=err
        )
    assert "1 个问题" in str(caught.value)
    assert (
        "✗ monitoring.yaml › stoppage.restructuring_share.2023-02-23：不能大于 1（实际 1.5）"
        in err.getvalue()
    )


def test_the_check_fails_on_a_four_fast_stage_longer_than_closing(tmp_path):
    copy_policy_folder(tmp_path)
    text = read_bundled()["four_fast"].replace("{value: 30,", "{value: 50,", 1)
    (tmp_path / "four_fast.yaml").write_text(text, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "policy", "check", "--parameters", str(tmp_path), stdout=StringIO(), stderr=err
        )
    assert (
        "four_fast.yaml › targets_days.heard：自 2023-02-23 起该环节时限（50 天）不能长于结案时限（45 天）"
        in err.getvalue()
    )


@pytest.mark.django_db
def test_the_check_passes_on_the_shipped_files_of_every_app():
    out, _err = check()
    assert "参数文件：14 个通过校验，0 个问题" in out and "全部通过" in out


@pytest.mark.django_db
def test_the_check_reports_a_stored_revision_of_an_app_file_that_no_longer_validates(people):
    PolicyRevision.objects.create(
        file_key="monitoring",
        effective_date=CHANGE,
        yaml_text="description: x\nreference: y\n",
        note="坏的修订",
        author=people.alice,
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("policy", "check", stdout=StringIO(), stderr=err)
    assert "已登记的修订 / stored revision: monitoring.yaml › stoppage：缺少此项" in err.getvalue()


# ------------------------------------------------------------------ schema and cross-checks


def test_the_shipped_app_files_are_part_of_the_bundled_policy():
    params = bundled_policy().at(D(2026, 3, 1))
    assert params["monitoring"]["claims"]["min_count"] == 10
    assert params["assistance"]["follow_up_days"] == 14
    assert params["four_fast"]["targets_days"]["closed"] == 45
    assert parameter_file("monitoring").location == "monitoring/parameters/monitoring.yaml"
    assert parameter_file("four_fast").location == "rights/parameters/four_fast.yaml"


@pytest.mark.parametrize(
    ("value", "problem"), [(0, "不能小于 1（实际 0）"), (29, "不能大于 28（实际 29）")]
)
def test_a_monthly_due_day_outside_1_to_28_is_refused(value, problem):
    text = read_bundled()["reporting"].replace("    value: 10\n", f"    value: {value}\n", 1)
    [message] = problems_of("reporting", text)
    assert (
        message.startswith("reporting.yaml › monthly_due_day.2023-02-23：") and problem in message
    )


def test_a_limit_cannot_be_retired():
    text = revised(
        "reporting",
        "{value: 20, reference: 本平台默认值（ADR 0040）：同一设备同一二维码每10分钟最多提交20次}",
        "\n    2027-01-01: {value: null, reference: 测试}",
    )
    [message] = problems_of("reporting", text)
    assert "public_form.max_posts.2027-01-01" in message and "不能停止施行" in message


def test_waves_must_reach_as_far_ahead_as_the_notice_the_law_asks_for():
    text = read_bundled()["reporting"].replace("{value: 730,", "{value: 20,", 1)
    [message] = problems_of("reporting", text)
    assert message.startswith("reporting.yaml › waves.future_limit_days：自 2023-02-23 起")
    assert "短于劳动合同法第四十一条提前告知的 30 天" in message


def test_a_matching_minimum_above_the_full_score_is_refused():
    text = read_bundled()["assistance"].replace(
        "min_score:\n    2023-02-23: {value: 20,", "min_score:\n    2023-02-23: {value: 101,", 1
    )
    [message] = problems_of("assistance", text)
    assert "matching.min_score" in message and "最低分 101 高于满分 100" in message


def test_a_revision_of_an_app_file_follows_the_same_rules_as_a_policy_file():
    history = read_bundled()["monitoring"].replace("{value: 35,", "{value: 40,", 1)
    problems = check_revision(
        bundled_policy(), key="monitoring", text=history, effective=CHANGE, today=TODAY
    )
    assert any(
        "claims.window_days.2023-02-23" in str(p) and "历史取值不能修改" in str(p) for p in problems
    )


# ------------------------------------------------------------------ accessors on a date


def add(actor, key, text, note="区人力社保局调整"):
    return policy_revision_add(
        actor=actor, file_key=key, yaml_text=text, effective_date=CHANGE, note=note, today=TODAY
    )


@pytest.mark.django_db
def test_the_intake_limits_in_force_change_on_the_revision_date(people):
    before = reporting_limits(CHANGE - dt.timedelta(days=1))
    assert (before.monthly_due_day, before.wave_past_days, before.wave_future_days) == (10, 90, 730)
    assert (before.max_waves, before.public_form_max_posts) == (24, 20)
    assert before.public_form_window_seconds == 600
    assert (before.roster_max_rows, before.monthly_bulk_max_rows) == (5000, 5000)
    text = revised(
        "reporting",
        "每月10日前报送上月用工情况（ADR 0042）\n",
        "  2027-01-01: {value: 15, reference: 区人力社保局〔2026〕1号}\n",
    )
    text = text.replace(
        "{value: 10, reference: 本平台默认值（ADR 0040）}",
        "{value: 10, reference: 本平台默认值（ADR 0040）}\n    2027-01-01: {value: 30, reference: 区人力社保局〔2026〕1号}",
        1,
    )
    add(people.alice, "reporting", text)
    assert reporting_limits(CHANGE - dt.timedelta(days=1)) == before
    after = reporting_limits(CHANGE)
    assert after.monthly_due_day == 15 and after.public_form_window_seconds == 1800
    assert after.wave_past_days == 90  # what the revision did not touch stays


@pytest.mark.django_db
def test_a_month_before_the_plan_is_due_on_the_first_due_day():
    assert reporting_limits(D(2020, 1, 1)).monthly_due_day == 10


@pytest.mark.django_db
def test_the_monitoring_thresholds_in_force_change_on_the_revision_date(people):
    text = revised(
        "monitoring",
        "min_count:\n    2023-02-23: {value: 10, reference: 本平台默认值（ADR 0060）}",
        "\n    2027-01-01: {value: 8, reference: 区人力社保局〔2026〕2号}",
    )
    add(people.alice, "monitoring", text)
    assert thresholds(CHANGE - dt.timedelta(days=1))["claims"]["min_count"] == 10
    later = thresholds(CHANGE)
    assert later["claims"]["min_count"] == 8 and later["min_cut"] == 20
    assert later["version"].startswith("tongnan@2027-01-01#")


@pytest.mark.django_db
def test_the_assistance_and_four_fast_values_in_force_change_on_the_revision_date(people):
    add(
        people.alice,
        "assistance",
        revised(
            "assistance",
            "    reference: 预案四（五）“一人一策”动态跟踪；本平台默认每两周回访一次（ADR 0070）\n",
            "  2027-01-01: {value: 7, reference: 区人力社保局〔2026〕3号}\n",
        ),
    )
    add(
        people.alice,
        "four_fast",
        revised(
            "four_fast",
            "{value: 5, reference: 《劳动争议调解仲裁法》第二十九条“收到仲裁申请之日起五日内”}",
            "\n    2027-01-01: {value: 3, reference: 区人力社保局〔2026〕4号}",
        ),
    )
    assert assistance_params(CHANGE - dt.timedelta(days=1))["follow_up_days"] == 14
    assert assistance_params(CHANGE)["follow_up_days"] == 7
    assert four_fast_targets(CHANGE - dt.timedelta(days=1))["filed"] == 5
    assert four_fast_targets(CHANGE)["filed"] == 3


# ------------------------------------------------------------------ the policy page


@pytest.mark.django_db
def test_the_page_shows_the_monitoring_thresholds_and_intake_limits_in_chinese(login, people):
    html = login(people.sam).get("/policy/?on=2026-03-01").content.decode()
    for text in [
        "大数据监测阈值与数据导入限制",
        "女职工退休年龄（到龄停缴不计为裁员）",
        "50 岁",
        "离开者转入同一单位的比例达到即视为改制划转",
        "80%",
        "欠薪争议“四快”时限",
        "快结：立案后结案",
        "45 天内",
        "一人一策跟踪回访周期",
        "重点样本企业和重点关注企业每月 10 日前报送上月用工情况。",
        "裁员日期最早可填 90 天前、最晚可填 730 天后；一份报告最多 24 批。",
        "扫码填报：同一设备同一二维码每 10 分钟最多提交 20 次。",
        "受影响职工名单最多 5000 行；批量上传月度报告每个文件最多 5000 行。",
        "美国劳工统计局大规模裁员统计",  # a threshold's source
    ]:
        assert text in html, text


@pytest.mark.django_db
def test_the_page_shows_them_in_english_on_request(login, people):
    client = login(people.sam)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/policy/?on=2026-03-01").content.decode()
    for text in [
        "Big-data monitoring thresholds and import limits",
        "Retirement age of women (stopping at that age is not a layoff)",
        "50 years",
        "Wage-dispute “four fast” time limits",
        "Closing: after the case is filed",
        "45 days",
        "Key sample and watch-list enterprises report the previous month by day 10 of each month.",
        "Public form: at most 20 submissions per device and QR code every 10 minutes.",
    ]:
        assert text in html, text


@pytest.mark.django_db
def test_an_administrator_revises_an_app_file_on_the_page(login, people):
    effective = dt.date.today() + dt.timedelta(days=400)
    text = read_bundled()["four_fast"].replace(
        "第四十三条“自受理仲裁申请之日起四十五日内结束”}",
        f"第四十三条“自受理仲裁申请之日起四十五日内结束”}}\n    {effective}: {{value: 40, reference: 区人力社保局〔2026〕5号}}",
        1,
    )
    client = login(people.alice)
    form = client.get("/policy/revisions/new/?file=four_fast").content.decode()
    assert 'value="four_fast" selected' in form and "targets_days:" in form
    html = client.post(
        "/policy/revisions/new/",
        {
            "file_key": "four_fast",
            "effective_date": effective.isoformat(),
            "note": "缩短结案时限",
            "yaml_text": text,
        },
        follow=True,
    ).content.decode()
    assert "已登记 four_fast.yaml 的新版本" in html and "待施行" in html
    assert PolicyRevision.objects.get().file_key == "four_fast"
    detail = client.get("/policy/files/four_fast/").content.decode()
    assert "rights/parameters/four_fast.yaml" in detail and "缩短结案时限" in detail
