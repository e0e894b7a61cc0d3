"""Prepare the demo and serve it: what `make demo` runs.

1. Migrate the database (SQLite under LAYOFFWATCH_DATA_DIR unless DATABASE_URL says otherwise).
2. Load the demo data unless a DemoDataset marker says it is loaded: running again reuses
   what exists and creates nothing.
3. Print the demo accounts (username, role, data scope, password).
4. Serve the app, unless --no-serve: Django's runserver at http://127.0.0.1:PORT (no
   autoreload; static files come from WhiteNoise with finders) and, beside it, the same Huey
   consumer as production (ADR 0080): response cases, the district assessment, notifications,
   detection after an import, reminders and escalation run as they would in production. Ctrl-C
   stops both.
"""

import os
import time

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from layoffwatch.analysis.jobs import job_request
from layoffwatch.analysis.models import AnalysisJob
from layoffwatch.core.clock import local_datetime
from layoffwatch.core.runtime import demo_web_process, queue_process, run_together
from layoffwatch.demo.accounts import accounts_table
from layoffwatch.demo.generator import (
    DEFAULT_ENTERPRISES,
    DEFAULT_SEED,
    DEMO_PASSWORD,
    generate,
    generate_analysis,
    generate_monitoring,
    precursors,
)
from layoffwatch.demo.generator.opinion import generate_opinion
from layoffwatch.demo.management.commands.generate_demo import write_summary
from layoffwatch.demo.models import DemoDataset
from layoffwatch.monitoring.lake import lake_periods

# Not a real number: the demo's QR notice shows where the bureau's phone goes (docs/deploy.md).
DEMO_BUREAU_PHONE = "023-0000-0000（演示号码）"


def _width(text: str) -> int:
    # why: CJK characters take two columns in a terminal; without this the table is ragged.
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


class Command(BaseCommand):
    help = "准备并启动演示系统 / migrate, load the demo data, print the accounts and serve the demo"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="端口 / port (default 8000)")
        parser.add_argument("--no-serve", action="store_true", help="只准备，不启动 / prepare only")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="随机种子 / random seed")
        parser.add_argument(
            "--enterprises",
            type=int,
            default=DEFAULT_ENTERPRISES,
            help="企业数 / enterprises (first load only)",
        )

    def handle(self, *args, port, no_serve, seed, enterprises, **options):
        if not 1 <= port <= 65535:
            raise CommandError(f"端口 {port} 无效 / invalid port {port}")
        if enterprises < 1:
            raise CommandError("--enterprises 须为正整数 / must be positive")

        self.stdout.write("[1/4] 迁移数据库 / migrating the database …")
        call_command("migrate", interactive=False, verbosity=0)

        existing = DemoDataset.objects.first()
        if existing is not None:
            self.stdout.write(
                f"[2/4] 演示数据已存在，直接使用 / demo data already loaded, reusing it "
                f"(种子 seed {existing.seed}，{existing.enterprises} 家企业 enterprises，"
                f"截至 up to {existing.end_period:%Y-%m})"
            )
        else:
            self.stdout.write(f"[2/4] 生成演示数据 / generating demo data (seed {seed}) …")
            started = time.perf_counter()
            # why now and not today: nothing in the demo may be stamped after this moment
            summary = generate(seed=seed, enterprises=enterprises, now=local_datetime())
            self.stdout.write(f"      用时 / took {time.perf_counter() - started:.1f} s")
            write_summary(self.stdout, summary)
            # why: only on the first load, so a second run imports and detects nothing new.
            self.stdout.write(
                "      导入监测数据并比对 / importing the monitoring feeds and detecting …"
            )
            started = time.perf_counter()
            end = DemoDataset.objects.get().end_period
            # ADR 0106: precursors before the demo's cuts (and false alarms), chosen once for the
            # lake and the records
            at = local_datetime()
            chosen = precursors.choose_demo_precursors(seed=seed, at=at)
            feeds = generate_monitoring(seed=seed, end_period=end, chosen=chosen)
            self.stdout.write(
                f"      {feeds['people']} 人、{feeds['employers']} 家单位、{feeds['imports']} 个文件，"
                f"信号 signals {feeds['signals']}（用时 / took {time.perf_counter() - started:.1f} s）"
            )
            precursors.plant_demo_precursors(seed=seed, at=at, chosen=chosen)
            analysed = generate_analysis(end_period=end, now=local_datetime())
            self.stdout.write(
                f"      形势分析 analysis：{analysed['signed']} 已签发 signed，"
                f"{analysed['draft']} 草稿 draft，会商 consultations {analysed['consultations']}"
            )
            # plan S6.4 舆情研判 (ADR 0107): a week of public opinion, imported as files
            started = time.perf_counter()
            opinion = generate_opinion(seed=seed, now=local_datetime())
            self.stdout.write(
                f"      舆情 public opinion：{opinion['files']} 个文件 files，"
                f"{opinion['items']} 条信息 items，{opinion['events']} 个事件 events"
                f"（用时 / took {time.perf_counter() - started:.1f} s）"
            )
            # the forecasts are the queue's work (a minute or two, ADR 0105): the worker started
            # below makes them, as it does each month
            held = lake_periods("social_insurance")
            if held:
                # each as the system's job (analysis.jobs), shown on its page until it is done
                for kind, period in (
                    (AnalysisJob.Kind.FORECAST, max(held)),
                    # and the enterprise risk ranking's first model (ADR 0106)
                    (AnalysisJob.Kind.RISK, ""),
                ):
                    try:
                        job_request(kind=kind, period=period, at=timezone.now())
                    except ValidationError as exc:  # one of the kind waits already: it will do
                        self.stdout.write(f"      {'；'.join(exc.messages)}")
                self.stdout.write(
                    f"      预测和风险企业排序 forecasts and risk ranking：已交给任务队列 queued"
                    f"（截至 up to {max(held)}）"
                )

        self.stdout.write(
            "[3/4] 演示账号 / demo accounts（密码仅用于演示 / the password is for the demo only）"
        )
        rows = [("用户名 username", "角色 role", "数据范围 scope", "密码 password")]
        rows += [(r["username"], r["role"], r["scope"], DEMO_PASSWORD) for r in accounts_table()]
        widths = [max(_width(row[i]) for row in rows) for i in range(4)]
        for n, row in enumerate(rows):
            self.stdout.write(
                "  " + "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip()
            )
            if n == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths))

        url = f"http://127.0.0.1:{port}/"
        if no_serve:
            self.stdout.write(
                f"[4/4] 未启动服务（--no-serve）/ not serving; start with: layoffwatch demo --port {port}"
            )
            return
        self.stdout.write(
            f"[4/4] 启动 Web 服务和任务队列 / serving at {url} with the queue worker"
            "  （Ctrl-C 停止 / to stop）"
        )
        # the QR notice's phone (settings.BUREAU_PHONE): a number that says it is the demo's
        env = {**os.environ}
        env.setdefault("LAYOFFWATCH_BUREAU_PHONE", DEMO_BUREAU_PHONE)
        run_together(
            [demo_web_process(port=port), queue_process(workers=2)],
            say=self.stdout.write,
            env=env,
        )
