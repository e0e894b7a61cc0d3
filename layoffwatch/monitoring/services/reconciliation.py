"""A stoppage signal matched again to the direct reports when the enterprise's layoff reports
change (plan S3.1.1 vs S3.1.3; ADR 0096).

Detection matches each stoppage to the layoff reports once, when it finds it. A report that
arrives later (or a correction of one), or a report withdrawn, changes that match: reporting
runs `reporting.hooks.on_layoff_reports_changed` inside the report's transaction and this app
registers `on_layoff_reports_changed` below from its AppConfig.ready() (reporting may not import
monitoring). The match is the one rule of `monitoring.reconciliation` (sql/reconciliation.sql)
with the thresholds of the signal's month; each change is a SignalEvent and an audit entry.
"""

from __future__ import annotations

import datetime as dt

import duckdb
from django.utils.translation import gettext_noop as N_

from layoffwatch.audit.services import audit_record
from layoffwatch.core.recorded import Recorded, listed, recorded, term
from layoffwatch.enterprises.models import Enterprise

from ..detection import month_bounds
from ..models import Signal
from ..params import thresholds
from ..reconciliation import Stoppage, layoff_size, reconcile, scored
from ..selectors import layoff_reports_table
from .events import signal_event

# the kinds detection matches to the direct reports (detectors/mass_stoppage.py)
RECONCILED_KINDS = (Signal.Kind.MASS_STOPPAGE, Signal.Kind.WORKFORCE_STOP)
SYSTEM = N_("系统（与直报比对）")  # a msgid: shown in the reader's language (actor_shown)


def on_layoff_reports_changed(
    *, enterprise: Enterprise, report, change: str, at: dt.datetime
) -> None:
    """reporting.hooks.on_layoff_reports_changed: `report` was received (stored and graded) or
    withdrawn; the enterprise's stoppage signals are matched again."""
    because = recorded(
        N_("裁员报告 %(receipt)s 已撤回")
        if change == "withdrawn"
        else N_("裁员报告 %(receipt)s 已受理"),
        receipt=report.receipt_no,
    )
    signals_reconcile(enterprise=enterprise, at=at, because=because)


def signals_reconcile(*, enterprise: Enterprise, at: dt.datetime, because: Recorded | str) -> int:
    """Match every stoppage signal of `enterprise` to its layoff reports as they are now; store
    and record each change of outcome or of the matching reports. Returns how many changed."""
    signals = list(
        Signal.objects.select_for_update()
        .filter(enterprise=enterprise, kind__in=RECONCILED_KINDS)
        .exclude(reconciliation="")
        .order_by("period", "pk")
    )
    if not signals:
        return 0
    con = duckdb.connect(":memory:")
    con.register("_reports", layoff_reports_table(enterprise))
    changed = 0
    for signal in signals:
        start, end = month_bounds(signal.period)
        r = thresholds(end)["reconciliation"]
        outcome = reconcile(
            con,
            [
                Stoppage(
                    enterprise.uscc,
                    layoff_size(signal.kind, signal.count, signal.figures),
                    start,
                    end,
                )
            ],
            window_days=r["window_days"],
            under_report_share=r["under_report_share"],
        )[enterprise.uscc]
        old = _matched(signal)
        if old == outcome:
            continue
        signal.reconciliation = outcome["outcome"]
        signal.figures = {**(signal.figures or {}), "reconciliation": outcome}
        if (base := signal.figures.get("base_score")) is not None:
            signal.score = scored(base, outcome["outcome"])  # the work list re-ranks with the match
        signal.updated_at = at
        signal.save(update_fields=["reconciliation", "figures", "score", "updated_at"])
        reconciliation_recorded(signal, old=old, new=outcome, at=at, because=because)
        changed += 1
    return changed


def _matched(signal: Signal) -> dict:
    stored = (signal.figures or {}).get("reconciliation") or {}
    return {
        "outcome": signal.reconciliation,
        "reported": stored.get("reported", 0),
        "receipts": stored.get("receipts") or [],
    }


def reconciliation_changes(signal: Signal, figures: dict, outcome: str) -> dict | None:
    """The signal's match before a detection re-run that finds `outcome` with these figures, if
    the match changes (services.signals records it); None if it stays."""
    old = _matched(signal)
    new = {**{"reported": 0, "receipts": []}, **(figures.get("reconciliation") or {})}
    new["outcome"] = outcome
    return old if old != new else None


def reconciliation_recorded(
    signal: Signal, *, old: dict, new: dict, at: dt.datetime, because: Recorded | str
) -> None:
    """One event on the signal and one audit entry for a changed match: the outcome before and
    after, the receipt numbers of the reports that match now, and why. The event's summary is
    recorded (Chinese, with its message for the reader's language, ADR 0100)."""
    labels = dict(Signal.Reconciliation.choices)
    before = labels.get(old["outcome"], term(N_("未比对")))
    after = labels.get(new["outcome"], term(N_("未比对")))
    receipts = listed(new.get("receipts") or []) if new.get("receipts") else term(N_("无"))
    summary = (
        recorded(
            N_("与直报比对：%(before)s → %(after)s（%(because)s；匹配的裁员报告：%(receipts)s）"),
            before=before,
            after=after,
            because=because,
            receipts=receipts,
        )
        if old["outcome"] != new["outcome"]
        else recorded(
            N_("与直报比对：%(after)s，匹配的裁员报告：%(receipts)s（%(because)s）"),
            after=after,
            receipts=receipts,
            because=because,
        )
    )
    event = signal_event(
        signal=signal,
        at=at,
        actor_label=SYSTEM,
        summary=summary,
        data={"reconciliation": {"from": old["outcome"], "to": new["outcome"], **new}},
    )
    event.save()
    audit_record(
        action="update",
        obj=signal,
        summary=f"监测信号 #{signal.pk} {event.summary}"[:500],
        before={"reconciliation": old["outcome"], "receipts": old.get("receipts") or []},
        after={"reconciliation": new["outcome"], "receipts": new.get("receipts") or []},
        actor_label=SYSTEM,
    )
