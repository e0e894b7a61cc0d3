from django.core.management.base import BaseCommand, CommandError

from layoffwatch.audit.selectors import audit_chains, audit_verify_chain


class Command(BaseCommand):
    help = (
        "校验审计日志的各条哈希链 / verify the audit log's hash chains; exits 1 at the first "
        "broken link, naming its chain and position"
    )

    def handle(self, *args, **options):
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
