"""layoffwatch import_source KIND FILE [--period YYYY-MM] [--replace] [--no-detect]: import one
data feed file — one month or several (a quarter, a half year) — into the lake, all months or
none (plan S3.1.3; ADR 0097)."""

import time

from django.core.management.base import BaseCommand, CommandError

from layoffwatch.monitoring.importing import ImportRejected, Progress
from layoffwatch.monitoring.services.feed_imports import MonthsExist, feed_import
from layoffwatch.monitoring.sources import SOURCES


class Command(BaseCommand):
    help = (
        "导入一份比对数据（CSV、XLSX 或 Parquet，可含多个月份）到数据湖 / "
        "import one data feed file (one month or several) into the lake"
    )
    # progress lines (on stderr) start once an import has run this long, then come at most
    # once per PROGRESS_EVERY seconds (a month written is always told)
    PROGRESS_AFTER = 2.0
    PROGRESS_EVERY = 1.0

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(SOURCES))
        parser.add_argument("file")
        parser.add_argument("--period", help="YYYY-MM；不填则取文件中的月份（可以有多个月份）")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="替换数据湖中已有的月份（不加则拒绝导入，并列出将要替换的月份）",
        )
        parser.add_argument("--no-detect", action="store_true", help="导入后不排队运行检测")

    def handle(self, *args, kind, file, period=None, replace=False, no_detect=False, **options):
        try:
            result = feed_import(
                kind=kind,
                path=file,
                period=period,
                replace=replace,
                enqueue_detection=not no_detect,
                progress=self._progress(),
            )
        except ImportRejected as exc:
            lines = [f"未导入：发现 {exc.total} 处问题，数据湖未改变。"]
            lines += [f"  {p}" for p in exc.problems]
            if exc.total > len(exc.problems):
                lines.append(f"  ……另有 {exc.total - len(exc.problems)} 处问题未列出")
            raise CommandError("\n".join(lines))
        except MonthsExist as exc:
            lines = ["未导入：数据湖中已有文件中的月份，数据湖未改变。导入将："]
            lines += [f"  {c}" for c in exc.changes]
            lines.append("确认替换请加 --replace 重新运行。")
            raise CommandError("\n".join(lines))
        changes = {c.period: c for c in result.changes}
        failed = [r for r in result.runs if r.status != r.Status.IMPORTED]
        if failed:  # the publication failed (ADR 0087)
            raise CommandError(
                "；".join(p["message"] for r in failed for p in r.problems) or "未导入"
            )
        label = SOURCES[kind].label
        lines = []
        for run in result.runs:
            change = changes[run.period]
            if change.replaces:
                what = f"（替换原有数据：{change.rows_before:,} 行 → {change.rows_after:,} 行）"
            else:
                what = "（新增月份）" if len(result.runs) > 1 else ""
            lines.append(
                f"已导入 {label} {run.period}：{run.rows_kept:,} 行 → {run.lake_path}{what}"
            )
        if result.registered:  # registered once, whichever months name them
            lines[-1] += f"；新登记名录外单位 {result.registered:,} 家"
        self.stdout.write("\n".join(lines))

    def _progress(self):
        """A progress callback printing to stderr (see PROGRESS_AFTER): how far the file is read,
        its months once checked, each month written."""
        started = time.monotonic()
        last = [started - self.PROGRESS_EVERY]

        def tell(progress: Progress) -> None:
            now = time.monotonic()
            if now - started < self.PROGRESS_AFTER:
                return
            if progress.step == "read" and now - last[0] < self.PROGRESS_EVERY:
                return
            last[0] = now
            self.stderr.write(f"进度：{progress}")

        return tell
