from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "layoffwatch.core"
    label = "core"
