from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "layoffwatch.api"
    label = "api"
