from django.core.management.base import BaseCommand, CommandError

from layoffwatch.audit.selectors import audit_verify_chain


class Command(BaseCommand):
    help = (
        "校验审计日志哈希链 / verify the audit log's hash chain; exits 1 at the first broken link"
    )

    def handle(self, *args, **options):
        checked, problem = audit_verify_chain()
        if problem:
            raise CommandError(
                f"审计日志链断裂 / audit chain broken: {problem}（已校验 {checked} 条）"
            )
        self.stdout.write(
            f"审计日志完整：{checked} 条记录，哈希链无断点 / audit log intact: {checked} rows"
        )
