from django.core.management.base import BaseCommand, CommandError

from layoffwatch.accounts.models import ApiToken
from layoffwatch.accounts.services import token_revoke


class Command(BaseCommand):
    help = "吊销 API 令牌 / revoke a bearer token (give the token or its first 10 characters)"

    def add_arguments(self, parser):
        parser.add_argument("token")

    def handle(self, *args, token, **options):
        count = token_revoke(prefix=token[:10])
        if not count:
            raise CommandError("没有找到有效的令牌 / no active token with that prefix")
        if len(token) > 10 and not ApiToken.objects.filter(digest=ApiToken.digest_of(token)).exists():
            self.stderr.write("提示：令牌全文与记录不符，已按前缀吊销 / revoked by prefix")
        self.stdout.write(f"已吊销 {count} 个令牌 / revoked {count} token(s)")
