from django.apps import AppConfig

from layoffwatch.core import hooks


class AuditConfig(AppConfig):
    name = "layoffwatch.audit"
    label = "audit"

    def ready(self) -> None:
        """ADR 0093: core refuses pages and restores backups without importing the apps above
        it; audit records each page refusal, and an installation with audit entries holds data."""
        # why imports here (ADR 0088): models load only once the app registry is ready.
        from .models import AuditEntry
        from .services import audit_page_denied

        hooks.on_denied.register(audit_page_denied)
        hooks.in_use_models.register(AuditEntry)
