import datetime as dt

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from .models import LoginFailure


def login_is_locked(username: str) -> bool:
    since = timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    recent = LoginFailure.objects.filter(username__iexact=username, at__gte=since).count()
    return recent >= settings.LOGIN_MAX_FAILURES


class LockoutModelBackend(ModelBackend):
    """Argon2 via PASSWORD_HASHERS; refuses a username after repeated failures (ADR 0004)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and login_is_locked(username):
            if request is not None:
                request.login_locked = True
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
