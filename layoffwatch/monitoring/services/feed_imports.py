"""Feed imports (plan S3.1.3; ADR 0060, 0062, 0087): a file is checked and converted in one pass,
recorded, and published into the lake all or nothing; detection is queued after commit."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from layoffwatch.audit.services import audit_record, audit_record_many
from layoffwatch.core.clock import local_day
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.reference.models import Industry, Town

from .. import importing, lake
from ..models import ImportRun
from ..params import thresholds
from ..sources import SOURCES
from .actors import signed_in


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
        run = _record(converted, source=source, file_name=file_name, actor=actor, at=at, t=t)
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


@transaction.atomic
def _record(
    converted: importing.Converted, *, source, file_name: str, actor, at: dt.datetime, t: dict
) -> ImportRun:
    """Step 3 of source_import: the run, “publishing”, with the temp file's name and SHA-256;
    employers missing from the registry registered; audited."""
    digest = lake.sha256(converted.temp)
    kind = source.kind
    known = set(
        Enterprise.objects.filter(uscc__in=converted.employers).values_list("uscc", flat=True)
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
        actor=signed_in(actor),
        at=at,
    )
    run.full_clean()
    run.save()
    audit_record(
        action="create",
        actor=signed_in(actor),
        obj=run,
        summary=f"导入{source.label} {converted.period}：{converted.rows_read} 行"
        + (f"，新登记名录外单位 {len(unknown)} 家" if unknown else "")
        + ("，替换同月数据" if replaced else ""),
        after={"kind": kind, "period": converted.period, "rows": converted.rows_read},
        actor_label="" if signed_in(actor) else "系统（数据导入）",
    )
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
    # why here: a real cycle — the queue's tasks (tasks.py) import this module to run
    # detection and recover_publishing, and this module queues detection through them
    from ..tasks import detect_after_import

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
        actor=signed_in(actor),
        at=at,
    )
    audit_record(
        action="rejected",
        actor=signed_in(actor),
        obj=run,
        summary=f"拒绝导入 {file_name}：{exc.total} 处问题；{str(exc.problems[0]) if exc.problems else ''}"[
            :500
        ],
        actor_label="" if signed_in(actor) else "系统（数据导入）",
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
