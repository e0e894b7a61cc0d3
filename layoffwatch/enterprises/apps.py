from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "layoffwatch.enterprises"
    label = "enterprises"
