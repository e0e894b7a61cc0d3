from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "layoffwatch.policy"
    label = "policy"
