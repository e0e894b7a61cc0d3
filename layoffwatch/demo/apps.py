from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "layoffwatch.demo"
    label = "demo"
