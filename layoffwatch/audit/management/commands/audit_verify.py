from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from layoffwatch.audit.selectors import audit_anchors, audit_chains, audit_verify_chain
from layoffwatch.audit.services import audit_checkpoint


class Command(BaseCommand):
    help = (
        "校验审计日志的各条签名链并对照库外锚点 / verify the audit log's keyed chains against "
        "the anchors outside the database; exits 1 at the first broken link, naming its chain "
        "and position, or at a chain that ends before its anchored head"
    )

    def handle(self, *args, **options):
        anchored = bool(audit_anchors())
        checked, problem = audit_verify_chain()
        if problem:
            raise CommandError(
                f"审计日志链断裂 / audit chain broken: {problem}（已校验 {checked} 条）"
            )
        chains = len(audit_chains())
        self.stdout.write(
            f"审计日志完整：{checked} 条记录，哈希链无断点（共 {chains} 条链）/ "
            f"audit log intact: {checked} rows in {chains} chain(s)"
        )
        if not anchored:
            self.stdout.write(
                "尚无库外锚点，本次校验无法发现末尾被删除的记录 / no anchor outside the "
                "database yet: rows cut off a chain's end could not be noticed this time"
            )
        # ADR 0084: a verified state becomes the newest anchor
        checkpoint = audit_checkpoint(at=timezone.now())
        if checkpoint.written:
            self.stdout.write(
                f"已将各链链头写入锚点文件 {settings.AUDIT_ANCHOR_FILE} / "
                f"the chains' heads were appended to the anchor file"
            )
