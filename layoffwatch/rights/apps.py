from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "layoffwatch.rights"
    label = "rights"
    verbose_name = _("权益维护")

    def ready(self) -> None:
        """ADR 0088: the written report of a response case counts the alert's wage disputes
        (plan S6.2); response, which writes the report, may not import rights."""
        # why imports here (ADR 0088): models load only once the app registry is ready.
        from layoffwatch.response import hooks

        from .selectors import case_dispute_figures

        hooks.written_report_figures.register(case_dispute_figures)
