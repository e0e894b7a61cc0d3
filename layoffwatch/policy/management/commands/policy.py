"""layoffwatch policy grade|show|check — the policy from the command line.

grade   one one-time cut: warning level (plan S3.2) and reporting duty (S3.1.1, S3.1.2, LCL Art. 41)
show    the rules in force on a date and the version identifier
whatif  assess a draft of one parameter file (plan S3.1.3, ADR 0101): which alerts, enterprises
        and people would change category, through `policy.hooks.whatif_runner`
check   1. validate every registered parameter file, the policy's and the apps' (ADR 0092): types,
           dates in order, brackets increasing, references
        2. validate the administrator's stored revisions
        3. run the YAML policy tests in policy/tests/*.yaml
        exits non-zero when anything fails
"""

import argparse
import datetime as dt
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from layoffwatch.core.clock import local_day
from layoffwatch.policy import hooks, rules
from layoffwatch.policy.cases import CASES_DIR, run_all
from layoffwatch.policy.loader import (
    PARAMETERS_DIR,
    bundled_policy,
    load_directory,
    parameter_file,
    parameter_files,
)
from layoffwatch.policy.selectors import labelled_parameters, policy_in_force, revision_problems


def count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"须为非负整数，实际为 {text!r} / must be a non-negative whole number, got {text!r}"
        )
    if value < 0:
        raise argparse.ArgumentTypeError(f"不能为负数：{value} / must not be negative: {value}")
    return value


def date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期须写作 YYYY-MM-DD，实际为 {text!r} / dates are YYYY-MM-DD, got {text!r}"
        )


class Command(BaseCommand):
    help = "政策参数：试算分级（grade）、查看现行规则（show）、校验参数和政策测试（check）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, title="subcommands")
        g = sub.add_parser("grade", help="一次性裁员的预警等级和报告义务")
        g.add_argument("--cut", type=count, required=True, help="一次性裁减人数（含派遣人员）")
        g.add_argument("--staff", type=count, help="职工总数（含派遣人员），用于判断是否达到10%%")
        g.add_argument("--dispatched", type=count, default=0, help="其中派遣等人员人数")
        g.add_argument("--on", type=date, help="日期 YYYY-MM-DD（默认今天）")
        g.add_argument("--json", action="store_true", help="输出 JSON")
        g.add_argument(
            "--bundled", action="store_true", help="只用随代码发布的参数，不含管理员修订"
        )
        s = sub.add_parser("show", help="某日施行的规则")
        s.add_argument("--on", type=date, help="日期 YYYY-MM-DD（默认今天）")
        s.add_argument("--json", action="store_true", help="输出 JSON")
        s.add_argument(
            "--bundled", action="store_true", help="只用随代码发布的参数，不含管理员修订"
        )
        w = sub.add_parser("whatif", help="政策调整评估：参数草案对预警、企业和人员的影响")
        w.add_argument(
            "--param",
            type=Path,
            required=True,
            help="参数文件草案，文件名即参数文件名（如 layoff_aversion.yaml）",
        )
        w.add_argument(
            "--period",
            choices=["12m", "current"],
            default="12m",
            help="最近12个月（12m）或本月（current）",
        )
        w.add_argument("--json", action="store_true", help="输出 JSON")
        c = sub.add_parser("check", help="校验全部参数文件并运行政策测试")
        c.add_argument("--parameters", type=Path, default=PARAMETERS_DIR, help="参数文件目录")
        c.add_argument("--tests", type=Path, default=CASES_DIR, help="政策测试（YAML）目录")

    def handle(self, *args, **options):
        return getattr(self, f"do_{options['action']}")(options)

    def _policy(self, options):
        if options.get("bundled"):
            return bundled_policy()
        try:
            return policy_in_force()
        except DatabaseError as exc:
            # why: `policy grade` must work on a machine whose database is not migrated yet.
            self.stderr.write(
                f"未读取到管理员修订（数据库不可用：{exc}），使用随代码发布的参数 / using bundled parameters"
            )
            return bundled_policy()

    def do_grade(self, options):
        on = options["on"] or local_day()
        try:
            result = rules.grade(
                cut=options["cut"],
                staff=options["staff"],
                dispatched=options["dispatched"],
                on=on,
                policy=self._policy(options),
            )
        except rules.InvalidFact as exc:
            raise CommandError(f"--{exc.field}：{exc.zh} / {exc.en}", returncode=2)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        level = result["level_label"] or "不预警"
        self.stdout.write(
            f"{on}  一次性裁减 {result['cut']} 人：{level}；{'须报告' if result['must_report'] else '不须报告'}"
        )
        for reason in result["reasons"]:
            self.stdout.write(f"  - {reason}")
        self.stdout.write(f"  政策版本：{result['version']}")

    def do_show(self, options):
        on = options["on"] or local_day()
        policy = self._policy(options)
        if options["json"]:
            data = {
                "on": on.isoformat(),
                "version": policy.version(on),
                "parameters": policy.at(on),
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, default=str, indent=1))
            return
        w = self.stdout.write
        w(f"{on} 施行的政策参数  版本 {policy.version(on)}")
        p = policy.at(on)
        self._show_grading(w, p, policy, on)
        self._show_assistance(w, p, policy, on)
        self._show_labelled(w, policy, on)
        w(
            "\n参数文件："
            + "、".join(
                f"{f.filename}（{f.title}，{policy.files[f.key].source}）"
                for f in parameter_files()
            )
        )

    def _show_grading(self, w, p, policy, on):
        """Warning levels, reporting duty and intake, response procedure, district assessment."""
        levels = p["alert_levels"]
        w("\n【预警等级】（预案三（二））")
        for b in levels["brackets"]:
            if b["threshold"] is not None and b["level"] is not None:
                w(
                    f"  一次性裁员 ≥ {b['threshold']} 人：{(levels['level_labels'] or {}).get(b['level'], b['level'])}"
                )
        w(f"  分批裁员合并计算期：连续 {levels['window_days']} 天")
        r = p["reporting"]
        w("\n【报告义务】（预案三（一）1；劳动合同法第四十一条）")
        w(
            f"  一次性裁减 ≥ {r['report_threshold']} 人须报告；派遣等人员裁减 > {r['agency_co_report_above']} 人时服务机构同步报告"
        )
        a = r["art41"]
        w(
            f"  第四十一条：裁减 ≥ {a['min_cut']} 人或占职工总数 ≥ {a['min_share']}，提前 {a['notice_days']} 日说明并报告"
        )
        w("\n【直报受理】（ADR 0040、0042、0092）")
        w(
            f"  月度报告每月 {r['monthly_due_day']} 日前；裁员日期 {r['waves']['past_limit_days']} 天前至 {r['waves']['future_limit_days']} 天后，最多 {r['waves']['max_count']} 批"
        )
        w(
            f"  扫码填报每 {r['public_form']['window_minutes']} 分钟最多 {r['public_form']['max_posts']} 次；名单最多 {r['uploads']['roster_max_rows']} 行，批量月报最多 {r['uploads']['monthly_bulk_max_rows']} 行"
        )
        w("\n【分级处置】（预案五）")
        for level in (3, 2, 1):
            proc = rules.response_procedure(level, on=on, policy=policy)
            w(
                f"  {level}级：报告 {proc.report_within_hours} 小时内；方案 {proc.plan_within_working_days} 个工作日内；解除{'须报批' if proc.lifting.get('requires_approval') else '不须报批'}"
            )
        d = p["district_assessment"]
        w("\n【综合评定】（预案三（二），ADR 0012）")
        w(
            f"  权重 {d['weights']}；等次 {[(g['label'], g['min_score']) for g in d['grades'] or []]}；失业率上调线 {d['unemployment_rate_raise_at']}"
        )

    def _show_assistance(self, w, p, policy, on):
        """Benefits, layoff aversion, blacklist, written report, annex tasks."""
        ui = p["unemployment_insurance"]
        w("\n【失业保险金】（预案四（六））")
        w(
            f"  缴费满 {ui['min_contribution_months']} 个月；期限 {[(b['min_contribution_months'], b['max_benefit_months']) for b in ui['duration']]}；每月 {ui['monthly_amount']} 元"
        )
        la = p["layoff_aversion"]
        w("\n【稳岗返还裁员率】（预案四（二））")
        w(
            f"  ≤ {la['max_layoff_rate']}；参保 ≤ {la['small_enterprise_max_insured']} 人的企业 ≤ {la['small_enterprise_max_layoff_rate']}"
        )
        bl = p["blacklist"]
        w("\n【黑名单】（预案六（三））")
        w(
            f"  情形：{'、'.join((bl['candidate_findings'] or {}).values())}；公布 {bl['listing_years']} 年，守信满 {bl['early_removal_after_months']} 个月可提前移出"
        )
        w("\n【书面报告】（预案六（二））")
        w("  " + "、".join(s["title"] for s in p["written_report"]["sections"] or []))
        w("\n【任务分解表】")
        tasks = rules.annex_tasks_for(1, on=on, include_standing=True, policy=policy)
        for t in tasks.tasks:
            w(
                f"  {t['number']:>2}. [{t['category_name']}] {t['lead_name']}牵头；{t['leader_role_name']}"
            )

    def _show_labelled(self, w, policy, on):
        """The apps' registered files, value by labelled value, as on the policy page (ADR 0092)."""
        for card in labelled_parameters(policy, on):
            w(f"\n【{card['title']}】（{card['location']}）")
            for row in card["rows"]:
                w(f"  {row['label']}：{row['value']}")

    def do_whatif(self, options):
        path = options["param"]
        key = path.stem
        if parameter_file(key) is None:
            raise CommandError(
                f"--param：无法从文件名 {path.name} 确定参数文件，草案须以参数文件命名（如 layoff_aversion.yaml）"
                f" / name the draft after its parameter file",
                returncode=2,
            )
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"--param：读取 {path} 失败：{exc}", returncode=2)
        if not hooks.whatif_runner.handlers:
            raise CommandError("政策调整评估未启用（analysis 应用未安装）", returncode=2)
        try:
            result = hooks.whatif_runner.handlers[0](
                file_key=key, yaml_text=text, period=options["period"]
            )
        except ValidationError as exc:
            raise CommandError("\n".join(f"--param：{m}" for m in exc.messages), returncode=2)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
            return
        for line in result["summary"]:
            self.stdout.write(line)

    def do_check(self, options):
        failures = 0
        policy, problems = load_directory(options["parameters"])
        for problem in problems:
            self.stderr.write(f"✗ {problem}")
        failures += len(problems)
        if options["parameters"] == PARAMETERS_DIR:
            try:
                stored = revision_problems()
            except DatabaseError:
                stored = []
            for problem in stored:
                self.stderr.write(f"✗ 已登记的修订 / stored revision: {problem}")
            failures += len(stored)
        files = len(policy.files) if policy else 0
        self.stdout.write(
            f"参数文件：{files} 个通过校验，{len(problems)} 个问题 / parameter files: {files} valid, {len(problems)} problems"
        )
        outcomes = run_all(options["tests"], policy) if policy else []
        passed = sum(1 for o in outcomes if o.ok)
        for o in outcomes:
            if not o.ok:
                self.stderr.write(f"✗ {o.case.id if o.case else ''}：{o.message}")
        failures += len(outcomes) - passed
        self.stdout.write(
            f"政策测试：{passed}/{len(outcomes)} 通过 / policy tests: {passed}/{len(outcomes)} passed"
        )
        if failures:
            raise CommandError(
                f"政策校验失败：{failures} 个问题 / policy check failed: {failures} problems"
            )
        self.stdout.write("全部通过 / all good")
