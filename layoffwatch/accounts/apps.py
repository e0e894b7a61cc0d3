from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "layoffwatch.accounts"
    label = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        # why Django's auth signals (and not our login view): the admin site logs people in and
        # out through its own views; every login and logout must reach the audit log.
        user_logged_in.connect(_on_login, dispatch_uid="layoffwatch-audit-login")
        user_logged_out.connect(_on_logout, dispatch_uid="layoffwatch-audit-logout")


def _on_login(sender, request, user, **kwargs):
    from .services import login_success_record

    login_success_record(user=user, request=request)


def _on_logout(sender, request, user, **kwargs):
    from .services import logout_record

    if user is not None and user.is_authenticated:
        logout_record(user=user, request=request)
