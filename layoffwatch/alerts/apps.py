from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "layoffwatch.alerts"
    label = "alerts"
    verbose_name = _("预警管理")

    def ready(self) -> None:
        """ADR 0088, 0090: a received layoff report and a verified signal raise an alert through
        the same service (plan S3.1.1, S3.1.5, S3.2); reporting and monitoring, which receive
        them, may not import alerts."""
        # why imports here (ADR 0088): models load only once the app registry is ready.
        from layoffwatch.monitoring import hooks as monitoring_hooks
        from layoffwatch.reporting import hooks as reporting_hooks

        from .services import alert_raise_or_escalate

        reporting_hooks.on_layoff_report_graded.register(alert_raise_or_escalate)
        monitoring_hooks.on_signal_confirmed.register(alert_raise_or_escalate)
