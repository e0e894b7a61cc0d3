"""What apps later in the flow do when a signal is confirmed (ADR 0088).

`monitoring` may not import the apps that build on it (docs/architecture.md rule 1): `alerts`
registers `alerts.services.alert_raise_or_escalate` from its `AppConfig.ready()`
(`alerts.apps`), and `services.signal_confirm` runs it inside the confirmation's transaction, so
a verified signal raises an alert through the same service as a layoff report (plan S3.1.5, S3.2).
"""

import datetime as dt
from typing import Protocol

from django.db import models

from layoffwatch.core.hooks import Hook
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.policy.rules import WaveGrade

from .models import Signal


class RaiseAlert(Protocol):
    """A verified signal of `enterprise` graded `grade` (policy.rules.grade_waves): open or raise
    its alert and return it, or None below level 3; a refusal (ValidationError) propagates."""

    def __call__(
        self, *, enterprise: Enterprise, report: Signal, grade: WaveGrade, at: dt.datetime
    ) -> models.Model | None: ...


on_signal_confirmed: Hook[RaiseAlert] = Hook()
