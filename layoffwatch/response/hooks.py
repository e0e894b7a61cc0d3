"""What apps later in the flow add to the response stage's pages and jobs (ADR 0088).

`response` may not import the apps that build on it (docs/architecture.md rule 1), so they
register handlers from their `AppConfig.ready()`, run in registration order (the order of
INSTALLED_APPS):

- `written_report_figures`: `assistance` and `rights` add the figures of their work for an alert
  to a case's written report (`selectors.written_report_facts`);
- `more_work`: a later app adds a section of what a user owes to “我的任务” (`selectors.my_work`),
  e.g. `analysis` the open actions of a consultation (plan S6.1);
- `overdue_work`: a later app's overdue work joins the daily escalation
  (`services.overdue_escalate`), one rung a day like a case's steps and tasks;
- `alert_related`: a later app's records about the alert's enterprise, shown on the alert's page
  and its case's (`selectors.alert_related_sections`), e.g. `opinion` its public-opinion events.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from layoffwatch.alerts.models import Alert
from layoffwatch.core.hooks import Hook
from layoffwatch.enterprises.hooks import Section


class ReportFigures(Protocol):
    """Figures of the written report of an alert's response case (plan S6.2 应对举措/处理结果),
    by name; the names must not clash with another handler's."""

    def __call__(self, *, alert: Alert) -> Mapping[str, object]: ...


written_report_figures: Hook[ReportFigures] = Hook()


@dataclass(frozen=True)
class WorkRow:
    """One item a user owes: what it is, where it comes from, by when, and where to do it."""

    title: str
    source: str  # what it belongs to (a consultation's subject), shown under the title
    due_on: dt.date | None
    link: str
    overdue: bool


@dataclass(frozen=True)
class WorkSection:
    """A section of “我的任务” another app adds: its heading (interface text, translated) and rows;
    `key` names it on the page (`id="my-<key>"`)."""

    key: str
    heading: str
    rows: Sequence[WorkRow]


class MoreWork(Protocol):
    """What else `user` owes at `now` (local days, ADR 0009); None or no rows: nothing to show."""

    def __call__(self, *, user, now: dt.datetime) -> WorkSection | None: ...


class OverdueWork(Protocol):
    """The daily escalation at `at`: move each overdue item of the app one rung (once, whichever
    worker runs it) and return how many moved, by name (merged into the job's counts)."""

    def __call__(self, *, at: dt.datetime) -> Mapping[str, int]: ...


class AlertRelated(Protocol):
    """What a later app holds about an alert's enterprise, for the alert's page and its case's
    (e.g. `opinion` the public-opinion events about it, plan S6.4), within `user`'s scope; an empty
    list when the user may see none of it."""

    def __call__(self, *, user, alert: Alert) -> list[Section]: ...


more_work: Hook[MoreWork] = Hook()
overdue_work: Hook[OverdueWork] = Hook()
alert_related: Hook[AlertRelated] = Hook()
