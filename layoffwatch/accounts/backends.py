import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from .models import LoginFailure


def login_is_locked(username: str) -> bool:
    since = timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    recent = LoginFailure.objects.filter(username__iexact=username, at__gte=since).count()
    return recent >= settings.LOGIN_MAX_FAILURES


class LockoutModelBackend(ModelBackend):
    """Argon2 via PASSWORD_HASHERS; refuses a username after repeated failures (ADR 0004).

    Failures are counted and audited here, not in a view: every door that authenticates with a
    password (our login page, the admin's login page) passes through this backend, so none of them
    can be used to guess passwords without counting towards the lockout.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        from .services import login_failure_record

        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        if login_is_locked(username):
            if request is not None:
                request.login_locked = True
            login_failure_record(username=username, request=request, locked=True)
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            login_failure_record(username=username, request=request, locked=False)
        return user
