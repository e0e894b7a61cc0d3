from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "layoffwatch.alerts"
    label = "alerts"
    verbose_name = _("预警管理")

    def ready(self) -> None:
        """ADR 0088: a verified signal raises an alert through the same service as a layoff
        report (plan S3.1.5, S3.2); monitoring, which confirms the signal, may not import alerts."""
        # why imports here (ADR 0088): models load only once the app registry is ready.
        from layoffwatch.monitoring import hooks

        from .services import alert_raise_or_escalate

        hooks.on_signal_confirmed.register(alert_raise_or_escalate)
