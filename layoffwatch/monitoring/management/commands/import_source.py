"""layoffwatch import_source KIND FILE [--period YYYY-MM]: import one data feed into the lake."""

from django.core.management.base import BaseCommand, CommandError

from layoffwatch.monitoring.importing import ImportRejected
from layoffwatch.monitoring.services import source_import
from layoffwatch.monitoring.sources import SOURCES


class Command(BaseCommand):
    help = "导入一份比对数据（CSV、XLSX 或 Parquet）到数据湖 / import one data feed into the lake"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(SOURCES))
        parser.add_argument("file")
        parser.add_argument("--period", help="YYYY-MM；不填则取文件中的月份")
        parser.add_argument("--no-detect", action="store_true", help="导入后不排队运行检测")

    def handle(self, *args, kind, file, period=None, no_detect=False, **options):
        try:
            run = source_import(
                kind=kind, path=file, period=period, enqueue_detection=not no_detect
            )
        except ImportRejected as exc:
            lines = [f"未导入：发现 {exc.total} 处问题，数据湖未改变。"]
            lines += [f"  {p}" for p in exc.problems]
            if exc.total > len(exc.problems):
                lines.append(f"  ……另有 {exc.total - len(exc.problems)} 处问题未列出")
            raise CommandError("\n".join(lines))
        if run.status != run.Status.IMPORTED:  # the publication failed (ADR 0087)
            raise CommandError("；".join(p["message"] for p in run.problems) or "未导入")
        self.stdout.write(
            f"已导入 {SOURCES[kind].label} {run.period}：{run.rows_kept} 行 → {run.lake_path}"
            + (
                f"；新登记名录外单位 {len(run.unknown_employers)} 家"
                if run.unknown_employers
                else ""
            )
        )
