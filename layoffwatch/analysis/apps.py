from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "layoffwatch.analysis"
    label = "analysis"
    verbose_name = _("形势分析")

    def ready(self) -> None:
        # ADR 0101: `layoffwatch policy whatif` lives in the policy app below; the what-if reads
        # alerts, enterprises and people above it, so analysis registers its runner here.
        # why imports here (ADR 0088): modules load only once the app registry is ready.
        from layoffwatch.policy import hooks as policy_hooks

        from .whatif_views import whatif_for_command

        policy_hooks.whatif_runner.register(whatif_for_command)
