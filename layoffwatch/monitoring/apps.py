from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """Big-data monitoring (plan S3.1.3–S3.1.5, S6.1): feeds → lake → SQL detectors → signals."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "layoffwatch.monitoring"
    verbose_name = _("大数据监测")
