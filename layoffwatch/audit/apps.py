from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "layoffwatch.audit"
    label = "audit"
