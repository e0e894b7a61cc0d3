from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "layoffwatch.analysis"
    label = "analysis"
    verbose_name = _("形势分析")

    def ready(self) -> None:
        """ADR 0088: a consultation's actions (plan S6.1) join the response stage's “我的任务”
        and its daily escalation of overdue work through `response.hooks`."""
        # why imports here (ADR 0088): models and services load only once the app registry is
        # ready, which is when Django calls ready().
        from layoffwatch.response import hooks

        from .consultations import consultation_actions_escalate, consultation_work
        from .risk_visits import risk_visit_work

        hooks.more_work.register(consultation_work)
        # ADR 0106: a visit planned from the risk ranking is in its commissioner's “我的任务”
        hooks.more_work.register(risk_visit_work)
        hooks.overdue_work.register(consultation_actions_escalate)
        # ADR 0101: `layoffwatch policy whatif` lives in the policy app below; the what-if reads
        # alerts, enterprises and people above it, so analysis registers its runner here.
        from layoffwatch.policy import hooks as policy_hooks

        from .whatif_views import whatif_for_command

        policy_hooks.whatif_runner.register(whatif_for_command)
