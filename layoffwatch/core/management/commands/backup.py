"""layoffwatch backup DIR: a consistent copy of the database, the lake and the uploads (ADR 0087)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from layoffwatch.core.backup import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "备份数据库、数据湖和上传文件到一个空目录（不含密钥）/ "
        "back up the database, the lake and the uploads into an empty folder (keys excluded)"
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", help="备份目录（不存在或为空）/ backup folder (absent or empty)")

    def handle(self, *args, dir, **options):
        try:
            manifest = backup_write(target=Path(dir))
        except BackupError as exc:
            raise CommandError(str(exc))
        files = manifest["files"]
        size = sum(f["size"] for f in files.values())
        self.stdout.write(
            f"备份完成 / backup written: {dir}（{len(files)} 个文件 files，{size / 2**20:.1f} MB，"
            f"{manifest['created_at']}）。密钥不在其中，请另行保管 / keys are not included: keep them apart"
        )
