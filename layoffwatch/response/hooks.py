"""What apps later in the flow add to a response case's written report (ADR 0088).

`response` may not import the apps that build on it (docs/architecture.md rule 1): `assistance`
and `rights` register the figures of their work for an alert from their `AppConfig.ready()`
(`assistance.apps`, `rights.apps`), and `selectors.written_report_facts` gathers what each
registered handler returns, in registration order (the order of INSTALLED_APPS).
"""

from collections.abc import Mapping
from typing import Protocol

from layoffwatch.alerts.models import Alert
from layoffwatch.core.hooks import Hook


class ReportFigures(Protocol):
    """Figures of the written report of an alert's response case (plan S6.2 应对举措/处理结果),
    by name; the names must not clash with another handler's."""

    def __call__(self, *, alert: Alert) -> Mapping[str, object]: ...


written_report_figures: Hook[ReportFigures] = Hook()
