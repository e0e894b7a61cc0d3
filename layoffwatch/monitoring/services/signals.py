"""Signals from the detectors (plan S3.1.3): a detection run's findings are stored once per kind,
subject and month, for the lead unit of the annex task that implements the clause."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from layoffwatch.accounts.models import Section
from layoffwatch.audit.services import audit_record_many
from layoffwatch.core.clock import local_day
from layoffwatch.core.recorded import Listed, listed, recorded
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.policy.rules import annex_tasks_for
from layoffwatch.policy.selectors import policy_in_force
from layoffwatch.reference.models import Industry, Town

from ..detection import Finding, month_bounds
from ..detectors import detect_period
from ..models import Signal, SignalEvent
from ..params import thresholds
from ..selectors import detection_context
from .events import signal_event
from .reconciliation import reconciliation_changes, reconciliation_recorded

# who found it, in the signal's history and the audit log (a msgid: shown in the reader's
# language, core.recorded.actor_shown)
BY_DETECTION = N_("系统（数据比对）")


def lead_unit(*, clause: str, on: dt.date) -> tuple[Section, int]:
    """The lead unit of the annex task that implements `clause` (S3.1.3 data, S3.1.5 human channels)."""
    tasks = annex_tasks_for(None, on=on, include_standing=True, policy=policy_in_force()).tasks
    task = next((t for t in tasks if t["clause"] == clause), None)
    if task is None:
        raise ValidationError(f"任务分解表中没有实施 {clause} 的任务")
    return Section.objects.get(code=task["lead"]), task["number"]


def dedupe_key(*, kind: str, subject: str, period: str) -> str:
    return f"{kind}:{subject}:{period}"[:120]


@transaction.atomic
def signals_record(
    *, period: str, findings: list[Finding], at: dt.datetime, version: str = ""
) -> dict:
    """Store the findings of a detection run as signals; a re-run updates, never duplicates."""
    unit, task_number = lead_unit(clause="S3.1.3", on=local_day(at))
    usccs = {f.employer_uscc for f in findings if f.employer_uscc}
    usccs |= {code for f in findings for code in USCC_IN_TEXT.findall(f.summary)}
    enterprises = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=usccs)}
    towns = dict(Town.objects.values_list("code", "name"))
    industries = dict(Industry.objects.values_list("code", "name"))
    existing = {
        s.dedupe_key: s
        for s in Signal.objects.filter(
            dedupe_key__in=[
                dedupe_key(kind=f.kind, subject=f.subject, period=period) for f in findings
            ]
        )
    }
    created, updated, unchanged = [], 0, 0
    for f in findings:
        key = dedupe_key(kind=f.kind, subject=f.subject, period=period)
        values = {
            "count": f.count,
            "score": f.score,
            "figures": f.figures,
            "evidence": f.evidence,
            "summary": _summary(f, enterprises, towns, industries)[:300],
            "reconciliation": f.reconciliation,
        }
        # the summary's message goes with the summary; a change of it alone is no news
        message = _summary_message(f, enterprises, towns, industries)
        signal = existing.get(key)
        if signal is None:
            signal = Signal(
                kind=f.kind,
                enterprise=enterprises.get(f.employer_uscc),
                town_id=f.town_code if f.town_code in towns else None,
                industry_id=f.industry_code if f.industry_code in industries else None,
                period=period,
                assigned_unit=unit,
                annex_task=task_number,
                dedupe_key=key,
                policy_version=version[:80],
                created_at=at,
                updated_at=at,
                summary_message=message,
                **values,
            )
            _create(signal, f, at=at)
            created.append(signal)
            continue
        changed = {k: v for k, v in values.items() if getattr(signal, k) != v}
        if not changed or not signal.is_open:
            unchanged += 1  # a verified signal keeps the figures it was verified on
            if message and signal.summary_message != message and "summary" not in changed:
                # a signal recorded before its summary had a message: the same summary's message
                Signal.objects.filter(pk=signal.pk).update(summary_message=message)
        elif _update(signal, f, changed, at=at, message=message):
            updated += 1
    SignalEvent.objects.bulk_create(
        [
            signal_event(
                signal=s,
                at=at,
                actor_label=BY_DETECTION,
                to_status=s.status,
                summary=recorded(N_("发现：%(summary)s"), summary=s.summary_recorded),
                # the figures found, as a re-run's event keeps its own: the score a month knew
                # (risk features, ADR 0106)
                data={"count": s.count, "score": s.score},
            )
            for s in created
        ]
    )
    audit_record_many(
        [
            {
                "action": "create",
                "obj": s,
                "summary": f"大数据监测发现信号：{s.summary}"[:500],
                "actor_label": BY_DETECTION,
            }
            for s in created
        ]
    )
    return {"created": len(created), "updated": updated, "unchanged": unchanged}


def _create(signal: Signal, f: Finding, *, at: dt.datetime) -> None:
    if signal.enterprise and not signal.town_id:
        signal.town_id = signal.enterprise.town_id
    signal.full_clean()
    signal.save()
    if f.kind == Signal.Kind.CAPACITY_FALL:
        _watch_list_industry(f.industry_code, signal=signal, at=at)


def _changed_words(changed: dict) -> Listed:
    """What changed, by the fields' names (涉及人数、风险分、触发数据), for the timeline."""
    return listed(Signal._meta.get_field(name).verbose_name for name in sorted(changed))


def _update(signal: Signal, f: Finding, changed: dict, *, at: dt.datetime, message: dict) -> bool:
    """An open signal found again takes the `changed` figures and its summary's `message` (one
    event says which figures; a changed match with the direct reports has its own event and
    audit entry, ADR 0096); True if it did."""
    old_match = (
        reconciliation_changes(signal, f.figures, f.reconciliation) if f.reconciliation else None
    )
    # why conditional: staff may close the signal while detection runs; a closed one is left alone.
    if not Signal.objects.filter(pk=signal.pk, status__in=Signal.OPEN).update(
        updated_at=at, summary_message=message, **changed
    ):
        return False
    signal_event(
        signal=signal,
        at=at,
        actor_label=BY_DETECTION,
        summary=recorded(N_("重新比对：数据更新（%(fields)s）"), fields=_changed_words(changed)),
        data={"count": f.count, "score": f.score},
    ).save()
    if old_match is not None:
        new = {"reported": 0, "receipts": [], **f.figures.get("reconciliation", {})}
        reconciliation_recorded(
            signal,
            old=old_match,
            new={**new, "outcome": f.reconciliation},
            at=at,
            because=recorded(N_("重新比对数据")),
        )
    return True


# codes a detector's summary may hold (ADR 0096): a unified social credit code (18 characters,
# registration authority digit or letter first) and a town's 12-digit statistical code
USCC_IN_TEXT = re.compile(r"(?<![0-9A-Z])[0-9A-Z]{2}\d{6}[0-9A-Z]{10}(?![0-9A-Z])")
TOWN_IN_TEXT = re.compile(r"(?<!\d)\d{12}(?!\d)")


def _summary(f: Finding, enterprises: dict, towns: dict, industries: dict) -> str:
    """The detector's summary with names instead of codes: each enterprise the registry knows by
    its name (the subject and any other, e.g. where a restructuring moved its staff), each town
    by its name (米心镇, not 500152109000), the industry's name beside its code."""
    text = _names_in(f.summary, enterprises, towns)
    code = str(f.industry_code) if f.industry_code else ""
    if code in industries:
        text = text.replace(code, f"{code} {industries[code]}", 1)
    return text


def _names_in(text: str, enterprises: dict, towns: dict) -> str:
    text = USCC_IN_TEXT.sub(lambda m: enterprises[m[0]].name if m[0] in enterprises else m[0], text)
    return TOWN_IN_TEXT.sub(lambda m: towns.get(m[0], m[0]), text)


def _summary_message(f: Finding, enterprises: dict, towns: dict, industries: dict) -> dict:
    """The summary's recorded message with the same names instead of codes as `_summary`, each a
    plain parameter (a proper name: Chinese in every language; ADR 0100, amended 2026-12-07
    (5)): the industry parameter (its code) as "code name", the words (`{"term": …}`) and the
    numbers as they are. Empty for a finding without a message."""
    code = str(f.industry_code) if f.industry_code else ""

    def named(value):
        if isinstance(value, str):
            if value == code and code in industries:
                return f"{code} {industries[code]}"
            return _names_in(value, enterprises, towns)
        if isinstance(value, list):
            return [named(v) for v in value]
        if isinstance(value, dict) and "msgid" in value:
            return {**value, "args": {k: named(v) for k, v in (value.get("args") or {}).items()}}
        if isinstance(value, dict) and "items" in value:
            return {**value, "items": [named(v) for v in value["items"]]}
        return value

    return named(f.message) if f.message else {}


def _watch_list_industry(code: str | None, *, signal: Signal, at: dt.datetime) -> None:
    """plan S3.1.3: a labour-intensive industry's capacity falls → its enterprises are watched."""
    if not code:
        return
    qs = Enterprise.objects.filter(
        industry__code__startswith=code, is_labour_intensive=True, on_watch_list=False
    )
    enterprises = list(qs)
    qs.update(on_watch_list=True, updated_at=at)
    audit_record_many(
        [
            {
                "action": "update",
                "obj": e,
                "summary": f"行业产能利用率下降，列入重点关注企业清单（信号 #{signal.pk}）",
                "before": {"on_watch_list": False},
                "after": {"on_watch_list": True},
                "actor_label": BY_DETECTION,
            }
            for e in enterprises
        ]
    )


def detection_run(*, period: str, at: dt.datetime | None = None) -> dict:
    """Run every detector for `period` and record the signals (command, task queue, upload page)."""
    at = at or timezone.now()
    _start, end = month_bounds(period)
    t = thresholds(end)
    result = detect_period(period=period, thresholds=t, context=detection_context())
    counts = signals_record(period=period, findings=result["findings"], at=at, version=t["version"])
    return {"period": period, **result, **counts}
