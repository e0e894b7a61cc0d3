from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "layoffwatch.dashboard"
    label = "dashboard"

    def ready(self) -> None:
        """The enterprise page lists the records of the apps above enterprises (connected pages):
        the shell reads them for it (enterprises.hooks, ADR 0088)."""
        # why imports here (ADR 0088): models load only once the app registry is ready.
        from layoffwatch.enterprises import hooks

        from .connected import enterprise_related_sections

        hooks.enterprise_related.register(enterprise_related_sections)
