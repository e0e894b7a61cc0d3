from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "layoffwatch.assistance"
    label = "assistance"
    verbose_name = _("就业帮扶")

    def ready(self) -> None:
        """ADR 0088: the written report of a response case states what assistance and enterprise
        support achieved (plan S6.2); response, which writes the report, may not import
        assistance. Registered before rights' figures (INSTALLED_APPS order), as they were shown."""
        # why imports here (ADR 0088): models load only once the app registry is ready.
        from layoffwatch.response import hooks

        from .selectors import case_outcomes

        hooks.written_report_figures.register(case_outcomes)
