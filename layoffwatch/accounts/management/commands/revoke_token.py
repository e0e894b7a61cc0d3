from django.core.management.base import BaseCommand, CommandError

from layoffwatch.accounts.services import token_revoke


class Command(BaseCommand):
    help = (
        "吊销 API 令牌 / revoke a bearer token (give the whole token, or its first 10 characters)"
    )

    def add_arguments(self, parser):
        parser.add_argument("token")

    def handle(self, *args, token, **options):
        count = token_revoke(token=token)
        if not count:
            raise CommandError("没有找到有效的令牌 / no active token matches")
        self.stdout.write(f"已吊销 {count} 个令牌 / revoked {count} token(s)")
