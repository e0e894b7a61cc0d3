"""layoffwatch import_opinion FILE: bring a file of public-opinion items in (plan S6.4 舆情收集;
ADR 0107) — a monitoring service's CSV/XLSX export, a saved RSS/Atom file, or the 12345
hotline's records — all of it or nothing, as the upload page does."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import override

from layoffwatch.enterprises.importing import ImportRejected
from layoffwatch.opinion.services import opinion_import


class Command(BaseCommand):
    help = (
        "导入舆情信息文件（舆情监测导出 CSV/XLSX、新闻 RSS/Atom、12345热线工单）/ "
        "import a file of public-opinion items"
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        try:
            batch = opinion_import(
                actor=None, data=path.read_bytes(), file_name=path.name, at=timezone.now()
            )
        except ImportRejected as exc:
            with override(settings.LANGUAGE_CODE):
                lines = [f"未导入：发现 {len(exc.problems)} 处问题，没有保存任何信息。"]
                lines += [
                    "  " + (f"第 {p.row} 行 " if p.row else "") + f"{p.column} {p.message}".strip()
                    for p in exc.problems[:50]
                ]
            raise CommandError("\n".join(lines))
        self.stdout.write(
            f"已导入 {path.name}（{batch.get_kind_display()}）：新增 {batch.items} 条，"
            f"已有 {batch.repeated} 条未重复保存"
        )
