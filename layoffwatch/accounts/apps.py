from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "layoffwatch.accounts"
    label = "accounts"
