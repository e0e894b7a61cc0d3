from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class PolicyConfig(AppConfig):
    name = "layoffwatch.policy"
    label = "policy"

    def ready(self):
        # ADR 0092: every app declares its dated parameter files in its `params.py`, which
        # registers them with the policy's registry when imported; importing each installed
        # app's `params` here (as the admin finds every `admin.py`) lets `policy check`, the
        # policy page and revisions see them without the policy naming any app above it.
        autodiscover_modules("params")
