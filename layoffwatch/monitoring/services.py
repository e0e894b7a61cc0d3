"""Writes of the monitoring stage: feed imports, signals from the detectors, their verification
(tip → assigned → confirmed / dismissed / merged) and clues from the human channels.

Every status change goes through `_transition` (a conditional UPDATE, a SignalEvent and an audit
entry). A refused action is audited after its transaction has rolled back (STYLE).
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from layoffwatch.accounts.models import Section
from layoffwatch.audit.refusals import guarded, refusals_audited
from layoffwatch.audit.services import audit_record, audit_record_many, snapshot
from layoffwatch.core.clock import local_day
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.policy.rules import annex_tasks_for, grade_waves
from layoffwatch.policy.selectors import policy_in_force
from layoffwatch.reference.models import Industry, Town

from . import hooks, importing, lake
from .detection import Finding
from .models import Clue, ImportRun, Signal, SignalEvent, Verification
from .params import thresholds
from .sources import SOURCES

# ---------------------------------------------------------------- imports


def _label(actor) -> str:
    return str(actor)[:80] if getattr(actor, "is_authenticated", False) else "系统"


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def source_import(
    *,
    kind: str,
    path: Path,
    period: str | None = None,
    actor=None,
    file_name: str = "",
    at: dt.datetime | None = None,
    enqueue_detection: bool = True,
) -> ImportRun:
    """Import one feed file, all or nothing (S3.1.3; ADR 0060, 0087).

    1. finish any publication a crash interrupted (recover_publishing);
    2. validate and convert the file to a temp Parquet file (importing.convert);
    3. commit the run as “publishing” (unknown employers registered with source “feed”, the
       temp file's name and SHA-256 recorded, audited);
    4. in a second transaction: mark it imported and rename the temp file into the lake, the
       rename last; a crash anywhere is finished by recover_publishing, so the lake and the
       record agree;
    5. after commit, queue detection for the period.
    A rejected file is recorded and audited as “rejected” and ImportRejected is raised with `.run`.
    """
    at = at or timezone.now()
    path = Path(path)
    file_name = (file_name or path.name)[:255]
    source = SOURCES.get(kind)
    if source is None:
        raise ValidationError(f"未知的数据类型“{kind}”（可选：{'、'.join(SOURCES)}）")
    recover_publishing()
    t = thresholds(local_day(at))
    limits = t["imports"]
    try:
        converted = importing.convert(
            source=source,
            path=path,
            period=period,
            max_bytes=limits["max_file_mb"] * 2**20,
            max_xlsx_bytes=limits["max_xlsx_mb"] * 2**20,
            max_xlsx_rows=limits["max_xlsx_rows"],
            towns=list(Town.objects.values_list("code", flat=True)),
            industries=list(Industry.objects.values_list("code", flat=True)),
        )
    except importing.ImportRejected as exc:
        exc.run = _rejected(
            kind=kind,
            period=period or "",
            file_name=file_name,
            path=path,
            exc=exc,
            actor=actor,
            at=at,
        )
        raise
    try:
        digest = lake.sha256(converted.temp)
        with transaction.atomic():
            known = set(
                Enterprise.objects.filter(uscc__in=converted.employers).values_list(
                    "uscc", flat=True
                )
            )
            unknown = [u for u in converted.employers if u not in known]
            _employers_register(unknown, t=t, kind=kind, at=at)
            replaced = converted.target.exists()
            run = ImportRun(
                kind=kind,
                period=converted.period,
                file_name=file_name,
                file_size=converted.size,
                status=ImportRun.Status.PUBLISHING,
                rows_read=converted.rows_read,
                rows_kept=converted.rows_read,
                unknown_employers=unknown[:1000],
                replaced=replaced,
                lake_path=str(converted.target.relative_to(lake.lake_dir())),
                incoming_path=str(converted.temp.relative_to(lake.lake_dir())),
                sha256=digest,
                actor=_user(actor),
                at=at,
            )
            run.full_clean()
            run.save()
            audit_record(
                action="create",
                actor=_user(actor),
                obj=run,
                summary=f"导入{source.label} {converted.period}：{converted.rows_read} 行"
                + (f"，新登记名录外单位 {len(unknown)} 家" if unknown else "")
                + ("，替换同月数据" if replaced else ""),
                after={"kind": kind, "period": converted.period, "rows": converted.rows_read},
                actor_label="" if _user(actor) else "系统（数据导入）",
            )
    except BaseException:
        converted.temp.unlink(missing_ok=True)
        raise
    # from here on the temp file belongs to the committed run: only _publish removes it
    lake.fault_point("import-recorded")  # test-only crash point (ADR 0087)
    _publish(run)
    run.refresh_from_db()
    if enqueue_detection and run.status == ImportRun.Status.IMPORTED:
        transaction.on_commit(partial(_enqueue_detection, converted.period), robust=True)
    return run


def _publish(run: ImportRun) -> bool:
    """Finish one “publishing” run (ADR 0087); idempotent, so the import and a recovery may race.

    In one transaction: a conditional UPDATE claims the run (a second caller waits for the first
    to commit, then finds nothing to do); the temp file, if still there, is renamed into the lake
    (last, so a failure before it rolls back); the lake file is checked against the recorded
    SHA-256: equal → imported; otherwise (the temp file lost, the month replaced by hand) the
    run is marked rejected, audited, and the temp file removed. A crash between the rename and
    the commit leaves the run “publishing” with its file in place: the next call marks it imported.
    Returns True when the run ended imported.
    """
    temp = lake.lake_dir() / run.incoming_path
    target = lake.lake_dir() / run.lake_path
    with transaction.atomic():
        claimed = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.PUBLISHING).update(
            status=ImportRun.Status.IMPORTED
        )
        if not claimed:
            return ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.IMPORTED).exists()
        if temp.exists() and lake.sha256(temp) == run.sha256:
            lake.publish(temp, target)
            lake.fault_point("import-after-rename")  # test-only crash point (ADR 0087)
            return True
        if target.exists() and lake.sha256(target) == run.sha256:
            return True
        problem = importing.Problem(
            None, "", "", "导入中断：待发布的数据文件已丢失或被改动，数据湖未更新，请重新导入该文件"
        ).as_dict()
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.REJECTED,
            rows_kept=0,
            rows_rejected=run.rows_read,
            problems=[problem],
            problem_total=1,
        )
        audit_record(
            action="rejected",
            actor=None,
            obj=run,
            summary=f"导入 {run.file_name} 中断，未发布到数据湖，请重新导入",
            actor_label="系统（导入恢复）",
        )
    temp.unlink(missing_ok=True)
    return False


def recover_publishing() -> int:
    """Finish every import a crash left “publishing” (ADR 0087): at every import, at the start of
    `serve` and of the queue consumer. Returns how many ended imported (detection queued for them)."""
    done = 0
    for run in ImportRun.objects.filter(status=ImportRun.Status.PUBLISHING).order_by("pk"):
        if _publish(run):
            done += 1
            transaction.on_commit(partial(_enqueue_detection, run.period), robust=True)
    return done


def _enqueue_detection(period: str) -> None:
    from .tasks import detect_after_import

    detect_after_import(period)


def _rejected(*, kind, period, file_name, path, exc, actor, at) -> ImportRun:
    size = path.stat().st_size if path.exists() else 0
    run = ImportRun.objects.create(
        kind=kind,
        period=period,
        file_name=file_name,
        file_size=size,
        status=ImportRun.Status.REJECTED,
        rows_read=exc.rows_read,
        rows_kept=0,
        rows_rejected=exc.rows_read,
        problems=[p.as_dict() for p in exc.problems],
        problem_total=exc.total,
        actor=_user(actor),
        at=at,
    )
    audit_record(
        action="rejected",
        actor=_user(actor),
        obj=run,
        summary=f"拒绝导入 {file_name}：{exc.total} 处问题；{str(exc.problems[0]) if exc.problems else ''}"[
            :500
        ],
        actor_label="" if _user(actor) else "系统（数据导入）",
    )
    return run


def _employers_register(usccs: list[str], *, t: dict, kind: str, at: dt.datetime) -> None:
    """Employers missing from the registry are not an error: they join it as found in the feed."""
    if not usccs:
        return
    town = t["imports"]["unknown_employer_town"]
    industry = t["imports"]["unknown_employer_industry"]
    rows = []
    for uscc in usccs:
        e = Enterprise(
            uscc=uscc,
            name=f"（数据比对发现）{uscc}",
            town_id=town,
            industry_id=industry,
            source=Enterprise.Source.FEED,
            created_at=at,
            updated_at=at,
        )
        e.full_clean(validate_unique=False)
        rows.append(e)
    saved = Enterprise.objects.bulk_create(rows, batch_size=1000)
    if any(e.pk is None for e in saved):  # pragma: no cover - both databases return ids
        saved = list(Enterprise.objects.filter(uscc__in=usccs))
    audit_record_many(
        [
            {
                "action": "create",
                "obj": e,
                "summary": f"数据比对发现名录外单位 {e.uscc}（{kind}），已登记待核实",
                "actor_label": "系统（数据导入）",
            }
            for e in saved
        ]
    )


# ---------------------------------------------------------------- signals from the detectors


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
                **values,
            )
            if signal.enterprise and not signal.town_id:
                signal.town_id = signal.enterprise.town_id
            signal.full_clean()
            signal.save()
            created.append(signal)
            if f.kind == Signal.Kind.CAPACITY_FALL:
                _watch_list_industry(f.industry_code, signal=signal, at=at)
            continue
        changed = {k: v for k, v in values.items() if getattr(signal, k) != v}
        if not changed or not signal.is_open:
            unchanged += 1  # a verified signal keeps the figures it was verified on
            continue
        # why conditional: staff may close the signal while detection runs; a closed one is left alone.
        if Signal.objects.filter(pk=signal.pk, status__in=Signal.OPEN).update(
            updated_at=at, **changed
        ):
            SignalEvent.objects.create(
                signal=signal,
                at=at,
                actor_label="系统（数据比对）",
                summary=f"重新比对：数据更新（{'、'.join(sorted(changed))}）",
                data={"count": f.count, "score": f.score},
            )
            updated += 1
    SignalEvent.objects.bulk_create(
        [
            SignalEvent(
                signal=s,
                at=at,
                actor_label="系统（数据比对）",
                to_status=s.status,
                summary=f"发现：{s.summary}"[:500],
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
                "actor_label": "系统（数据比对）",
            }
            for s in created
        ]
    )
    return {"created": len(created), "updated": updated, "unchanged": unchanged}


def _summary(f: Finding, enterprises: dict, towns: dict, industries: dict) -> str:
    """The detector's summary with names instead of codes: the enterprise's name, the town's name
    (米心镇, not 500152109000), the industry's name beside its code."""
    text = f.summary
    e = enterprises.get(f.employer_uscc)
    if e and f.employer_uscc:
        text = text.replace(f.employer_uscc, e.name, 1)
    if f.town_code in towns:
        text = text.replace(f.town_code, towns[f.town_code], 1)
    if f.industry_code in industries:
        text = text.replace(f.industry_code, f"{f.industry_code} {industries[f.industry_code]}", 1)
    return text


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
                "actor_label": "系统（数据比对）",
            }
            for e in enterprises
        ]
    )


# ---------------------------------------------------------------- verification


def can_work_on(user, signal: Signal) -> bool:
    """Who verifies: staff of the assigned lead unit, the administrator and the leaders."""
    if not getattr(user, "is_authenticated", False) or not user.is_bureau:
        return False
    if user.is_superuser or user.role in ("admin", "leader"):
        return True
    return user.section_id == signal.assigned_unit_id


def _transition(
    *, signal: Signal, to: str, actor, at: dt.datetime, summary: str, data=None, **fields
) -> Signal:
    if not signal.can_move_to(to):
        raise ValidationError(
            f"信号当前为“{signal.get_status_display()}”，不能改为“{Signal.Status(to).label}”"
        )
    old = signal.status
    # why conditional: two staff acting at once; the second finds the status changed and is refused.
    if not Signal.objects.filter(pk=signal.pk, status=old).update(
        status=to, updated_at=at, **fields
    ):
        raise ValidationError("该信号刚刚已被他人处理，请刷新后再试")
    signal.refresh_from_db()
    SignalEvent.objects.create(
        signal=signal,
        at=at,
        actor=_user(actor),
        actor_label=_label(actor),
        from_status=old,
        to_status=to,
        summary=summary[:500],
        data=data or {},
    )
    audit_record(
        action="update",
        actor=_user(actor),
        obj=signal,
        summary=summary[:500],
        before={"status": old},
        after={"status": to} | (data or {}),
    )
    return signal


def _lead_unit_only(what: str):
    """A signal's verification is the work of its lead unit (can_work_on): refused before the
    transaction opens, and audited on the signal like any refusal (audit.refusals.guarded)."""

    def check(kwargs: dict) -> None:
        signal, actor = kwargs["signal"], kwargs["actor"]
        if not can_work_on(actor, signal):
            raise PermissionDenied(f"只有{signal.assigned_unit.name}的工作人员可以{what}")

    return guarded(what, subject=lambda kwargs: kwargs["signal"], check=check)


@_lead_unit_only("认领核实")
def signal_take(*, signal: Signal, actor, at: dt.datetime) -> Signal:
    """A staff member of the lead unit takes the tip to verify it."""
    return _transition(
        signal=signal,
        to=Signal.Status.ASSIGNED,
        actor=actor,
        at=at,
        summary=f"{_label(actor)} 认领核实",
        assigned_to=actor,
    )


@_lead_unit_only("记录核实情况")
def verification_record(
    *,
    signal: Signal,
    actor,
    at: dt.datetime,
    method: str,
    contacted_on: dt.date,
    reason: str,
    affected: int,
    separation_from: dt.date | None = None,
    separation_to: dt.date | None = None,
    recall_expected: bool = False,
    contact: str = "",
    notes: str = "",
) -> Verification:
    """A phone call or visit; a tip is taken by whoever records the first check."""
    if not signal.is_open:
        raise ValidationError("信号已办结，不能再记录核实情况")
    if separation_from and separation_to and separation_to < separation_from:
        raise ValidationError("减员结束日期不能早于开始日期")
    v = Verification(
        signal=signal,
        method=method,
        contacted_on=contacted_on,
        contact=contact,
        reason=reason,
        affected=affected,
        separation_from=separation_from,
        separation_to=separation_to,
        recall_expected=recall_expected,
        notes=notes,
        by=actor,
        at=at,
    )
    v.full_clean()
    v.save()
    if signal.status == Signal.Status.TIP:
        _transition(
            signal=signal,
            to=Signal.Status.ASSIGNED,
            actor=actor,
            at=at,
            summary=f"{_label(actor)} 认领核实",
            assigned_to=actor,
        )
    SignalEvent.objects.create(
        signal=signal,
        at=at,
        actor=actor,
        actor_label=_label(actor),
        summary=f"{v.get_method_display()}：{reason}，涉及 {affected} 人"
        + ("，预计召回" if recall_expected else ""),
        data={"verification": v.pk},
    )
    audit_record(
        action="create",
        actor=actor,
        obj=v,
        summary=f"核实信号 #{signal.pk}：{reason}"[:500],
        after=snapshot(v),
    )
    return v


@_lead_unit_only("确认信号")
def signal_confirm(*, signal: Signal, actor, at: dt.datetime, outcome: str = "") -> Signal:
    """Confirmed by a verification: an alert is raised through the same service as a layoff report."""
    latest = signal.verifications.order_by("-at", "-pk").first()
    if latest is None:
        raise ValidationError("确认前须先记录电话核实或实地走访情况")
    alert = None
    if signal.enterprise_id:
        day = latest.separation_to or latest.separation_from or latest.contacted_on
        grade = grade_waves([(day, latest.affected)], on=day, policy=policy_in_force())
        # ADR 0088: alerts registers alert_raise_or_escalate (monitoring may not import alerts)
        for raise_alert in hooks.on_signal_confirmed.handlers:
            alert = raise_alert(enterprise=signal.enterprise, report=signal, grade=grade, at=at)
    text = outcome or f"核实确认：{latest.reason}，涉及 {latest.affected} 人"
    signal = _transition(
        signal=signal,
        to=Signal.Status.CONFIRMED,
        actor=actor,
        at=at,
        summary=text + (f"；已发布预警 #{alert.pk}" if alert else ""),
        data={"alert": alert.pk if alert else None, "affected": latest.affected},
        outcome=text[:500],
        alert=alert,
    )
    return signal


@_lead_unit_only("排除信号")
def signal_dismiss(*, signal: Signal, actor, at: dt.datetime, reason: str) -> Signal:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("排除信号须写明理由")
    return _transition(
        signal=signal,
        to=Signal.Status.DISMISSED,
        actor=actor,
        at=at,
        summary=f"排除：{reason}",
        outcome=reason[:500],
    )


@_lead_unit_only("合并信号")
def signal_merge(*, signal: Signal, actor, at: dt.datetime, into: Signal) -> Signal:
    """A duplicate joins the signal that is being (or was) verified."""
    if into.pk == signal.pk:
        raise ValidationError("不能与自身合并")
    # ADR 0082: the signal merged into is one the actor may read; one outside the scope reads
    # as one that does not exist, and neither is named
    from .selectors import signals_visible_to

    if into.pk is None or not signals_visible_to(actor).filter(pk=into.pk).exists():
        raise ValidationError("找不到要并入的信号")
    if into.status in (Signal.Status.MERGED, Signal.Status.DISMISSED):
        raise ValidationError(f"信号 #{into.pk} 已{into.get_status_display()}，不能并入")
    return _transition(
        signal=signal,
        to=Signal.Status.MERGED,
        actor=actor,
        at=at,
        summary=f"与信号 #{into.pk} 重复，已合并",
        data={"merged_into": into.pk},
        merged_into=into,
        outcome=f"并入 #{into.pk}",
    )


# ---------------------------------------------------------------- clue desk (plan S3.1.5)


def clue_file(*, actor, at: dt.datetime, **fields) -> Clue:
    """A clue from inspection, arbitration, complaints, surveys, commissioners, brokers or public
    opinion becomes a signal of the same pipeline, assigned to annex task 4's lead unit. A refusal
    is audited after the transaction rolled back."""
    # why actor_label "": a refusal names the signed-in user, or "anonymous" (no job files clues)
    with refusals_audited("登记线索", actor=actor, object_type="monitoring.clue", actor_label=""):
        return _clue_file(actor=actor, at=at, **fields)


def _require_clue_scope(actor, enterprise: Enterprise | None, town: Town | None) -> None:
    """ADR 0082: a clue the filer could not read back as a signal is refused; an enterprise
    outside the scope and an unknown one (unsaved) are answered alike."""
    from layoffwatch.enterprises.selectors import NOT_IN_SCOPE_ENTERPRISE, enterprise_visible_to

    if actor.is_district_wide:
        return
    if enterprise is not None:
        if (
            enterprise.pk is None
            or not enterprise_visible_to(actor).filter(pk=enterprise.pk).exists()
        ):
            raise PermissionDenied(NOT_IN_SCOPE_ENTERPRISE.format(what="登记该企业的线索"))
        if town is None or town.pk == enterprise.town_id:
            return
    if town is None or town.pk != actor.town_id:
        raise PermissionDenied("只能登记本镇街或您数据权限范围内企业的线索")


@transaction.atomic
def _clue_file(
    *,
    actor,
    at: dt.datetime,
    channel: str,
    received_on: dt.date,
    description: str,
    enterprise: Enterprise | None = None,
    town: Town | None = None,
    reported_count: int | None = None,
    source_note: str = "",
) -> Clue:
    if not getattr(actor, "is_bureau", False):
        raise PermissionDenied("您的角色不能登记线索")
    _require_clue_scope(actor, enterprise, town)
    clue = Clue(
        channel=channel,
        enterprise=enterprise,
        town=town or (enterprise.town if enterprise else None),
        received_on=received_on,
        reported_count=reported_count,
        description=description,
        source_note=source_note,
        by=actor,
        at=at,
    )
    clue.full_clean()
    clue.save()
    unit, number = lead_unit(clause="S3.1.5", on=received_on)
    subject = enterprise.name if enterprise else (clue.town.name if clue.town else "全区")
    signal = Signal(
        kind=Signal.Kind.CLUE,
        enterprise=enterprise,
        town=clue.town,
        period=received_on.strftime("%Y-%m"),
        count=reported_count,
        score=50.0,
        figures={"channel": channel, "reported_count": reported_count},
        summary=f"{clue.get_channel_display()}线索：{subject}"
        + (f"，反映涉及 {reported_count} 人" if reported_count else ""),
        assigned_unit=unit,
        annex_task=number,
        dedupe_key=f"clue:{clue.pk}",
        created_at=at,
        updated_at=at,
    )
    signal.full_clean()
    signal.save()
    clue.signal = signal
    clue.save(update_fields=["signal"])
    SignalEvent.objects.create(
        signal=signal,
        at=at,
        actor=actor,
        actor_label=_label(actor),
        to_status=signal.status,
        summary=f"登记线索：{description[:200]}",
    )
    audit_record(
        action="create",
        actor=actor,
        obj=clue,
        summary=f"登记线索（{clue.get_channel_display()}）：{subject}",
        after=snapshot(clue),
    )
    return clue


def detection_run(*, period: str, at: dt.datetime | None = None) -> dict:
    """Run every detector for `period` and record the signals (command, task queue, upload page)."""
    from .detection import month_bounds
    from .detectors import detect_period
    from .selectors import detection_context

    at = at or timezone.now()
    _start, end = month_bounds(period)
    t = thresholds(end)
    result = detect_period(period=period, thresholds=t, context=detection_context())
    counts = signals_record(period=period, findings=result["findings"], at=at, version=t["version"])
    return {"period": period, **result, **counts}
