"""What apps later in the flow add to assistance's figures (ADR 0088).

`assistance` may not import the apps that build on it (docs/architecture.md rule 1): `rights`
registers the figures of its wage disputes from its `AppConfig.ready()` (`rights.apps`), and
`selectors.case_outcomes` adds what each registered handler returns.
"""

from collections.abc import Mapping
from typing import Protocol

from layoffwatch.alerts.models import Alert
from layoffwatch.core.hooks import Hook


class CaseFigures(Protocol):
    """More figures of the written report of an alert's response case (plan S6.2 应对举措/处理结果),
    by name; the names must not clash with assistance's own."""

    def __call__(self, *, alert: Alert) -> Mapping[str, object]: ...


case_outcome_figures: Hook[CaseFigures] = Hook()
