"""What apps later in the flow do when a layoff report is received (ADR 0088, ADR 0090).

`reporting` may not import the apps that build on it (docs/architecture.md rule 1): `alerts`
registers `alerts.services.alert_raise_or_escalate` from its `AppConfig.ready()` (`alerts.apps`),
and `services.layoffs` runs it inside the report's transaction, once the report is stored and
graded, and keeps the alert it returns on the report (plan S3.1.1, S3.2). An agency's report
counted in the enterprise's own one raises nothing (plan S3.1.2).
"""

import datetime as dt
from typing import Protocol

from django.db import models

from layoffwatch.core.hooks import Hook
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.policy.rules import WaveGrade

from .models import LayoffReport


class RaiseAlert(Protocol):
    """A layoff report of `enterprise` graded `grade` (policy.rules.grade_waves) with the other
    waves near it: open or raise its alert and return it, or None below level 3. The reporting
    service already holds the enterprise's row lock (`enterprise_locked=True`); a refusal
    (ValidationError) propagates and the report is not stored."""

    def __call__(
        self,
        *,
        enterprise: Enterprise,
        report: LayoffReport,
        grade: WaveGrade,
        at: dt.datetime,
        enterprise_locked: bool,
    ) -> models.Model | None: ...


on_layoff_report_graded: Hook[RaiseAlert] = Hook()
