"""`layoffwatch policy grade|show|check` (the same rules as the page)."""

import json
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from layoffwatch.policy.loader import PARAMETERS_DIR


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("policy", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("cut", "level", "must_report"),
    [
        (19, None, False),
        (20, 3, True),
        (50, 3, True),
        (51, 2, True),
        (200, 2, True),
        (201, 1, True),
    ],
)
def test_it_grades_a_cut_as_json(cut, level, must_report):
    out, _err = run("grade", "--cut", str(cut), "--on", "2026-03-01", "--json", "--bundled")
    data = json.loads(out)
    assert (data["level"], data["must_report"]) == (level, must_report)
    assert data["reasons"] and data["version"].startswith("tongnan@")


def test_it_names_the_ten_percent_rule():
    data = json.loads(
        run("grade", "--cut", "10", "--staff", "100", "--on", "2026-03-01", "--json", "--bundled")[
            0
        ]
    )
    assert data["level"] is None and data["must_report"] is True and data["rule"] == "LCL41"


@pytest.mark.django_db
def test_it_reads_the_database_revisions_by_default():
    out, _err = run("grade", "--cut", "25", "--dispatched", "21", "--on", "2026-03-01", "--json")
    assert json.loads(out)["agency_must_report"] is True


@pytest.mark.parametrize("bad", ["-1", "2.5", "twenty"])
def test_it_refuses_a_bad_count(bad):
    with pytest.raises(CommandError) as caught:
        run("grade", "--cut", bad, "--json", "--bundled")
    assert "--cut" in str(caught.value)


def test_it_refuses_a_cut_larger_than_the_staff():
    with pytest.raises(CommandError) as caught:
        run("grade", "--cut", "30", "--staff", "20", "--bundled")
    assert "职工总数 20 人少于裁减人数 30 人" in str(caught.value)


def test_it_exits_with_code_2_on_bad_input_from_the_shell(tmp_path):
    cli = shutil.which("layoffwatch") or str(Path(sys.executable).parent / "layoffwatch")
    env = {"LAYOFFWATCH_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [cli, "policy", "grade", "--cut", "-3", "--json", "--bundled"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 2
    assert "不能为负数" in done.stderr


def test_it_shows_the_rules_in_force_on_a_date():
    out, _err = run("show", "--on", "2026-03-01", "--bundled")
    assert (
        "一次性裁员 ≥ 51 人：二级预警（较重）" in out
        and "连续 30 天" in out
        and "1级：报告 2 小时内" in out
    )


@pytest.mark.django_db
def test_it_checks_every_file_and_runs_the_policy_tests():
    out, _err = run("check")
    # the policy's 9 files and the 4 the apps register: monitoring, assistance, four_fast (ADR
    # 0092) and the analysis's hotspot rules (ADR 0101)
    assert "参数文件：14 个通过校验" in out and "全部通过" in out


def test_it_fails_the_check_for_a_broken_parameter_file(tmp_path):
    for path in PARAMETERS_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    broken = (
        (tmp_path / "alert_levels.yaml")
        .read_text(encoding="utf-8")
        .replace("{value: 201,", "{value: 45,", 1)
    )
    (tmp_path / "alert_levels.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(CommandError):
        run("check", "--parameters", str(tmp_path))


@pytest.mark.django_db
def test_it_fails_the_check_when_a_policy_test_fails(tmp_path):
    (tmp_path / "wrong.yaml").write_text(
        "- name: 写错的期望\n  rule: grade\n  date: 2026-03-01\n  input: {cut: 20}\n  output: {level: 2}\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as caught:
        run("check", "--tests", str(tmp_path))
    assert "1 个问题" in str(caught.value)
