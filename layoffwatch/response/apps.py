from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponseConfig(AppConfig):
    name = "layoffwatch.response"
    label = "response"
    verbose_name = _("应急处置")
