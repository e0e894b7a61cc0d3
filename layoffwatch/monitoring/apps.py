from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from layoffwatch.core import hooks


class MonitoringConfig(AppConfig):
    """Big-data monitoring (plan S3.1.3–S3.1.5, S6.1): feeds → lake → SQL detectors → signals."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "layoffwatch.monitoring"
    verbose_name = _("大数据监测")

    def ready(self) -> None:
        """ADR 0087, 0093: `layoffwatch serve` finishes (or marks failed) an import a crash
        interrupted before it serves; core, which runs it, may not import monitoring. ADR 0096: a
        layoff report received or withdrawn matches the enterprise's stoppage signals again
        (reporting, below monitoring, runs the hook)."""
        # why imports here (ADR 0088): models load only once the app registry is ready.
        from layoffwatch.audit.describe import object_namers
        from layoffwatch.reporting import hooks as reporting_hooks

        from .services import recover_publishing
        from .services.reconciliation import on_layoff_reports_changed

        hooks.before_serving.register(
            hooks.StartupWork(
                run=recover_publishing,
                done="已完成 {n} 个中断的数据导入 / finished {n} interrupted imports",
            )
        )
        reporting_hooks.on_layoff_reports_changed.register(on_layoff_reports_changed)
        # the audit log names a signal by its number (its summary is the entry's own)
        object_namers.register("monitoring.signal", lambda signal: f"#{signal.pk}")
