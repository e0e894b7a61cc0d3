from django.apps import AppConfig

from layoffwatch.core import hooks


class EnterprisesConfig(AppConfig):
    name = "layoffwatch.enterprises"
    label = "enterprises"

    def ready(self) -> None:
        """ADR 0093: an installation with enterprises holds data a restore must not overwrite
        unasked (core.backup may not import enterprises)."""
        # why imports here (ADR 0088): models load only once the app registry is ready.
        from .models import Enterprise

        hooks.in_use_models.register(Enterprise)
