"""Receivers of Django's auth signals: every login and logout reaches the audit log.

why Django's auth signals (and not our login view): the admin site logs people in and out
through its own views; connected in `AccountsConfig.ready()`."""

from .services import login_success_record, logout_record


def on_login(sender, request, user, **kwargs):
    login_success_record(user=user, request=request)


def on_logout(sender, request, user, **kwargs):
    if user is not None and user.is_authenticated:
        logout_record(user=user, request=request)
