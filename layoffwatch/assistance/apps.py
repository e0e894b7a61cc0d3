from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "layoffwatch.assistance"
    label = "assistance"
    verbose_name = _("就业帮扶")
