"""What apps later in the flow do when an alert changes (ADR 0088).

`alerts` may not import the apps that build on it (docs/architecture.md rule 1); an app that
must react to an alert registers a handler here from its `AppConfig.ready()`, and
`alerts.services` runs the registered handlers at the points below; what they return is
ignored. `response` registers its case handlers (ADR 0045, 0053) in `response.apps`.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Protocol

from layoffwatch.core.hooks import Hook

from .models import Alert


class RaisedOrEscalated(Protocol):
    """An alert was opened or its level rose (plan S3.2), inside the report's transaction;
    `alert.level` is the new level and `at` when the report raised it."""

    def __call__(self, *, alert: Alert, at: dt.datetime) -> object: ...


class StatusChanged(Protocol):
    """Staff moved the alert's status or lifted it (plan S5), inside the same transaction;
    `unfinished_reasons` are the reasons given for open work when lifting (ADR 0053)."""

    def __call__(
        self,
        *,
        alert: Alert,
        actor,
        at: dt.datetime,
        unfinished_reasons: Mapping[str, str] | None,
    ) -> object: ...


class LiftCheck(Protocol):
    """Before an alert is lifted (plan S5.1–S5.3): raise ValidationError, naming each item, to
    refuse the lift (ADR 0053); return to allow it."""

    def __call__(self, *, alert: Alert, reasons: Mapping[str, str]) -> object: ...


on_alert_raised_or_escalated: Hook[RaisedOrEscalated] = Hook()
on_alert_status_changed: Hook[StatusChanged] = Hook()
on_lift_check: Hook[LiftCheck] = Hook()
