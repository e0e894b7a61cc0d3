"""What apps later in the flow do when a layoff report is received or withdrawn (ADR 0088, 0090,
0096).

`reporting` may not import the apps that build on it (docs/architecture.md rule 1):
- `alerts` registers `alerts.services.alert_raise_or_escalate` on `on_layoff_report_graded` from
  its `AppConfig.ready()` (`alerts.apps`), and `services.layoffs` runs it inside the report's
  transaction, once the report is stored and graded, and keeps the alert it returns on the
  report (plan S3.1.1, S3.2). An agency's report counted in the enterprise's own one raises
  nothing (plan S3.1.2).
- `monitoring` registers its reconciliation on `on_layoff_reports_changed` (`monitoring.apps`):
  a stoppage found in the contributions is matched again to the enterprise's reports when one is
  received or withdrawn (plan S3.1.1 vs S3.1.3, ADR 0096).
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


class ReportsChanged(Protocol):
    """The layoff reports of `enterprise` changed: `report` was received (`change="received"`: a
    new report or a correction, stored and graded, its alert raised) or withdrawn
    (`change="withdrawn"`). Runs inside that transaction and audit batch; a refusal
    (ValidationError) propagates and nothing is stored or withdrawn."""

    def __call__(
        self, *, enterprise: Enterprise, report: LayoffReport, change: str, at: dt.datetime
    ) -> None: ...


on_layoff_reports_changed: Hook[ReportsChanged] = Hook()
