from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponseConfig(AppConfig):
    name = "layoffwatch.response"
    label = "response"
    verbose_name = _("应急处置")

    def ready(self) -> None:
        """ADR 0088: the response case follows its alert through the hooks of `alerts.hooks`
        (alerts may not import response): it opens after the report commits (ADR 0045), follows
        the alert's status, and its open work is checked before a lift (ADR 0053)."""
        # why imports here (ADR 0088): models, services and queue tasks load only once the app
        # registry is ready, which is when Django calls ready().
        from layoffwatch.alerts import hooks

        from .services import case_closure_check, case_on_alert_status
        from .tasks import case_open_on_commit

        hooks.on_alert_raised_or_escalated.register(case_open_on_commit)
        hooks.on_alert_status_changed.register(case_on_alert_status)
        hooks.on_lift_check.register(case_closure_check)
