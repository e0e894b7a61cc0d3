from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from layoffwatch.accounts.services import token_issue


class Command(BaseCommand):
    help = "为用户签发 API 令牌并打印 / issue a bearer token for USERNAME and print it (shown once)"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="令牌用途 / what the token is for")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"用户 {username!r} 不存在或已停用 / no active user {username!r}")
        self.stdout.write(token_issue(user=user, name=name))
