from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionConfig(AppConfig):
    name = "layoffwatch.opinion"
    label = "opinion"
    verbose_name = _("舆情研判")

    def ready(self) -> None:
        """ADR 0088: a response to an event (plan S6.4 及时主动发声) joins the response stage's
        “我的任务” and its daily escalation of overdue work, and an alert's and its case's pages
        list the enterprise's events, through `response.hooks`."""
        # why imports here (ADR 0088): models and services load only once the app registry is
        # ready, which is when Django calls ready().
        from layoffwatch.response import hooks

        from .responses import opinion_responses_escalate, response_work

        hooks.more_work.register(response_work)
        hooks.overdue_work.register(opinion_responses_escalate)
        # an alert's page and its case's list the enterprise's public-opinion events
        from .selectors import alert_opinion_sections

        hooks.alert_related.register(alert_opinion_sections)
