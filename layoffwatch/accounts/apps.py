from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_logged_out

from layoffwatch.core import hooks


class AccountsConfig(AppConfig):
    name = "layoffwatch.accounts"
    label = "accounts"

    def ready(self):
        # why imports here (ADR 0088): models load only once the app registry is ready.
        from .models import User
        from .signals import on_login, on_logout

        user_logged_in.connect(on_login, dispatch_uid="layoffwatch-audit-login")
        user_logged_out.connect(on_logout, dispatch_uid="layoffwatch-audit-logout")
        # ADR 0093: an installation with users holds data a restore must not overwrite unasked
        hooks.in_use_models.register(User)
