import datetime as dt
import math

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from layoffwatch.core.client import client_address

from .models import LoginFailure
from .services import login_failure_record


def _recent_failures(username: str):
    since = timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    return LoginFailure.objects.filter(username__iexact=username, at__gte=since)


def _from(failures, address: str | None):
    return failures.filter(ip__isnull=True) if address is None else failures.filter(ip=address)


def login_is_locked(username: str, address: str | None) -> bool:
    """Locked for this username from this address only (ADR 0004): an attacker elsewhere locks
    out himself, not the account's owner."""
    return _from(_recent_failures(username), address).count() >= settings.LOGIN_MAX_FAILURES


def login_wait_seconds(username: str, address: str | None) -> int:
    """Seconds this address must still wait before its next try for this username; 0 if none.

    The slow-down (ADR 0004) starts once the username has LOGIN_SLOWDOWN_AFTER failures from all
    addresses in the window, and applies only to addresses that have failed for it themselves, so
    it never delays the owner logging in from an address that has not failed.
    """
    recent = _recent_failures(username)
    if recent.count() < settings.LOGIN_SLOWDOWN_AFTER:
        return 0
    last = _from(recent, address).order_by("-at").values_list("at", flat=True).first()
    if last is None:
        return 0
    remaining = settings.LOGIN_SLOWDOWN_SECONDS - (timezone.now() - last).total_seconds()
    return max(0, math.ceil(remaining))


class LockoutModelBackend(ModelBackend):
    """Argon2 via PASSWORD_HASHERS; refuses a (username, address) pair after repeated failures and
    slows down an address guessing a username under attack (ADR 0004).

    Failures are counted and audited here, not in a view: every door that authenticates with a
    password (our login page, the admin's login page) passes through this backend, so none of them
    can be used to guess passwords without counting towards the lockout. Refusals are answered
    without checking the password, so they tell a guesser nothing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        address = client_address(request)
        if login_is_locked(username, address):
            if request is not None:
                request.login_locked = True
            login_failure_record(username=username, request=request, refused="locked")
            return None
        wait = login_wait_seconds(username, address)
        if wait:
            if request is not None:
                request.login_wait_seconds = wait
            login_failure_record(username=username, request=request, refused="throttled")
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            login_failure_record(username=username, request=request)
            # why: the failure that locks says so at once (the next try would be refused anyway)
            if request is not None and login_is_locked(username, address):
                request.login_locked = True
        return user
