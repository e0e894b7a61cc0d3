"""layoffwatch restore DIR [--force]: bring an installation back to a backup (ADR 0087)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from layoffwatch.core.backup import BackupError, restore_from


class Command(BaseCommand):
    help = (
        "从备份恢复数据库、数据湖和上传文件（先校验清单）/ "
        "restore the database, the lake and the uploads from a backup (checksums first)"
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", help="备份目录 / backup folder")
        parser.add_argument(
            "--force",
            action="store_true",
            help="覆盖已有数据 / overwrite a database or data dir that holds data",
        )

    def handle(self, *args, dir, force, **options):
        try:
            manifest = restore_from(source=Path(dir), force=force)
        except BackupError as exc:
            raise CommandError(str(exc))
        self.stdout.write(
            f"恢复完成 / restored: {dir}（备份时间 backed up at {manifest['created_at']}，"
            f"版本 version {manifest['app_version']}）。请运行 layoffwatch migrate 后再启动 / "
            "run `layoffwatch migrate`, then start the app"
        )
