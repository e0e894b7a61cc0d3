from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "layoffwatch.rights"
    label = "rights"
    verbose_name = _("权益维护")
