"""Feed imports (plan S3.1.3; ADR 0060, 0062, 0087, 0097): a file — one month or several — is
checked and converted in one pass, recorded, and published into the lake all or nothing;
detection is queued after commit, month by month."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from layoffwatch.audit.refusals import refusals_audited
from layoffwatch.audit.services import audit_record, audit_record_many
from layoffwatch.core.clock import local_day
from layoffwatch.core.recorded import recorded
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.reference.models import Industry, Town

from .. import importing, lake
from ..detection import shift
from ..models import ImportRun
from ..params import thresholds
from ..sources import SOURCES
from .actors import signed_in


@dataclass(frozen=True)
class MonthChange:
    """What an import does to one month of the lake: `rows_before` None = a month it adds."""

    period: str
    rows_before: int | None
    rows_after: int

    def __str__(self) -> str:
        if self.rows_before is None:
            return f"{self.period}：新增月份（{self.rows_after:,} 行）"
        warning = f"（减少 {self.shrink}%，请确认文件完整）" if self.shrink else ""
        return f"{self.period}：{self.rows_before:,} 行 → {self.rows_after:,} 行{warning}"

    @property
    def replaces(self) -> bool:
        return self.rows_before is not None

    @property
    def shrink(self) -> int | None:
        """The share of the month's rows a replacement drops, in percent, when it drops half or
        more (a partial export replacing a whole month is worth a second look); else None."""
        if not self.rows_before or self.rows_after > self.rows_before / 2:
            return None
        return round((1 - self.rows_after / self.rows_before) * 100)

    def as_dict(self) -> dict:
        """For the page's job state: the fields, and the shrink the page warns about."""
        return {**asdict(self), "shrink": self.shrink}

    @classmethod
    def from_dict(cls, data: dict) -> MonthChange:
        return cls(data["period"], data["rows_before"], data["rows_after"])


class MonthsExist(ValidationError):
    """Refused: the file would replace months the lake already holds, and the import was not
    told to (`replace`), or the lake changed since the user confirmed what would change."""

    def __init__(self, changes: list[MonthChange], *, changed_since: bool = False):
        self.changes = changes
        existing = "、".join(c.period for c in changes if c.replaces)
        lead = (
            "确认后数据湖中的数据已有变化，请重新确认"
            if changed_since
            else f"数据湖中已有 {existing} 的数据，未确认替换"
        )
        super().__init__(
            f"{lead}，未导入。导入将：" + "；".join(str(c) for c in changes), code="months_exist"
        )


@dataclass(frozen=True)
class FeedImport:
    """An import that went through: its runs (one per month, month order), what changed, and how
    many employers missing from the registry it registered."""

    runs: list[ImportRun]
    changes: list[MonthChange]
    registered: int = 0


def feed_import(
    *,
    kind: str,
    path: Path,
    replace: bool,
    confirmed: list[MonthChange] | None = None,
    period: str | None = None,
    actor=None,
    file_name: str = "",
    at: dt.datetime | None = None,
    enqueue_detection: bool = True,
    progress: importing.ProgressFn | None = None,
) -> FeedImport:
    """Import one feed file of one month or several, all or nothing (S3.1.3; ADR 0060, 0087, 0097).

    1. finish any publication a crash interrupted (recover_publishing);
    2. validate and convert the file, one temp Parquet file per month (importing.convert_months;
       a problem in any month rejects the file: recorded, audited, ImportRejected with `.run`);
    3. compare with the lake: a month it already holds is replaced only with `replace` (and,
       when the user `confirmed` a list of changes, only if the lake still matches it);
       otherwise MonthsExist, audited, with nothing recorded and nothing written;
    4. commit one “publishing” run per month in one transaction (unknown employers registered
       with source “feed”, each temp file's name and SHA-256 recorded, audited);
    5. publish the months together (`_publish`: one transaction, the renames last; a crash
       anywhere is finished by recover_publishing for all the months, or for none);
    6. after commit, queue detection for the months, oldest first.
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
        months = importing.convert_months(
            source=source,
            path=path,
            period=period,
            max_bytes=limits["max_file_mb"] * 2**20,
            max_xlsx_bytes=limits["max_xlsx_mb"] * 2**20,
            max_xlsx_rows=limits["max_xlsx_rows"],
            towns=list(Town.objects.values_list("code", flat=True)),
            industries=list(Industry.objects.values_list("code", flat=True)),
            progress=progress,
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
        changes = month_changes(months)
        with refusals_audited(
            f"导入{source.label}（{file_name}）",
            actor=signed_in(actor),
            object_type="monitoring.importrun",
            actor_label="" if signed_in(actor) else "系统（数据导入）",
        ):
            _may_replace(changes, replace=replace, confirmed=confirmed)
        runs, registered = _record(
            months, changes, source=source, file_name=file_name, actor=actor, at=at, t=t
        )
    except BaseException:
        _discard(months)
        raise
    # from here on the temp files belong to the committed runs: only _publish removes them
    lake.fault_point("import-recorded")  # test-only crash point (ADR 0087)
    _publish(runs)
    if progress is not None:
        progress(
            importing.Progress("published", months=tuple((m.period, m.rows_read) for m in months))
        )
    runs = list(ImportRun.objects.filter(pk__in=[r.pk for r in runs]).order_by("period"))
    imported = [r.period for r in runs if r.status == ImportRun.Status.IMPORTED]
    if enqueue_detection and imported:
        judged = months_to_judge(kind, imported)
        transaction.on_commit(partial(_enqueue_detection, judged), robust=True)
    return FeedImport(runs=runs, changes=changes, registered=registered)


def source_import(**kwargs) -> ImportRun:
    """`feed_import` for the callers that import one month's file and replace the month if it
    is there (the demo, scripts, tests): the month's run (for a file of several months, the
    latest month's). The command and the page use `feed_import`, which asks before replacing."""
    kwargs.setdefault("replace", True)
    return feed_import(**kwargs).runs[-1]


def month_changes(months: list[importing.Converted]) -> list[MonthChange]:
    """What importing the converted months would do to the lake, month by month."""
    return [MonthChange(m.period, lake.month_rows(m.kind, m.period), m.rows_read) for m in months]


def _may_replace(
    changes: list[MonthChange], *, replace: bool, confirmed: list[MonthChange] | None
) -> None:
    """Step 3 of feed_import: refuse to replace a month unless told to; after a confirmation,
    refuse if the lake no longer is what the user confirmed."""
    if confirmed is not None and list(confirmed) != changes:
        raise MonthsExist(changes, changed_since=True)
    if not replace and any(c.replaces for c in changes):
        raise MonthsExist(changes)


def _discard(months: list[importing.Converted]) -> None:
    for m in months:
        m.temp.unlink(missing_ok=True)
    if months:
        lake.discard_batch(months[0].temp.parent)


@transaction.atomic
def _record(
    months: list[importing.Converted],
    changes: list[MonthChange],
    *,
    source,
    file_name: str,
    actor,
    at: dt.datetime,
    t: dict,
) -> tuple[list[ImportRun], int]:
    """Step 4 of feed_import: one run per month, “publishing”, with its temp file's name and
    SHA-256, in one transaction (the commit point of the whole file); employers missing from the
    registry registered (how many: the second value); audited."""
    kind = source.kind
    every = sorted({u for m in months for u in m.employers})
    known = set(Enterprise.objects.filter(uscc__in=every).values_list("uscc", flat=True))
    registered = [u for u in every if u not in known]
    _employers_register(registered, t=t, kind=kind, at=at)
    of_file = f"（文件含 {len(months)} 个月份）" if len(months) > 1 else ""
    runs = []
    for converted, change in zip(months, changes, strict=True):
        unknown = [u for u in converted.employers if u not in known]
        run = ImportRun(
            kind=kind,
            period=converted.period,
            file_name=file_name,
            file_size=converted.size,
            status=ImportRun.Status.PUBLISHING,
            rows_read=converted.rows_read,
            rows_kept=converted.rows_read,
            unknown_employers=unknown[:1000],
            replaced=change.replaces,
            lake_path=str(converted.target.relative_to(lake.lake_dir())),
            incoming_path=str(converted.temp.relative_to(lake.lake_dir())),
            sha256=lake.sha256(converted.temp),
            actor=signed_in(actor),
            at=at,
        )
        run.full_clean()
        run.save()
        audit_record(
            action="create",
            actor=signed_in(actor),
            obj=run,
            summary=f"导入{source.label} {converted.period}：{converted.rows_read} 行{of_file}"
            + (f"，新登记名录外单位 {len(unknown)} 家" if unknown else "")
            + (f"，替换同月数据（原 {change.rows_before} 行）" if change.replaces else ""),
            after={"kind": kind, "period": converted.period, "rows": converted.rows_read},
            actor_label="" if signed_in(actor) else "系统（数据导入）",
        )
        runs.append(run)
    return runs, len(registered)


def _file_state(run: ImportRun) -> str:
    """Where a publishing run's file is: "incoming" (its temp file, as recorded), "published"
    (the lake's file is the one recorded) or "lost" (neither: lost, or the month changed by hand)."""
    temp = lake.lake_dir() / run.incoming_path
    target = lake.lake_dir() / run.lake_path
    if temp.exists() and lake.sha256(temp) == run.sha256:
        return "incoming"
    if target.exists() and lake.sha256(target) == run.sha256:
        return "published"
    return "lost"


def _publish(runs: list[ImportRun]) -> bool:
    """Finish the “publishing” runs of one import — one per month of its file — together (ADR
    0087, 0097); idempotent, so the import and a recovery may race.

    In one transaction: the runs are locked and claimed (publishing → imported; a second caller
    waits for the first to commit, then finds nothing to do); every month's file is checked
    against its recorded SHA-256 before any is renamed; then the temp files are renamed into the
    lake (last, so a failure before them rolls back). A crash between two renames leaves every
    run “publishing”, the renamed months already in place: the next call renames the rest. If a
    month's file is lost (the temp file gone, the month replaced by hand) and no month is in
    place yet, no month is published: every run is marked rejected, audited, its temp file
    removed. (Lost after some months were renamed — a crash and a lost file together — the
    months in place and those still publishable are kept, the lost one rejected: the record
    always says what the lake holds.) Returns True when every run ended imported.
    """
    pks = [r.pk for r in runs]
    with transaction.atomic():
        pending = list(
            ImportRun.objects.select_for_update()
            .filter(pk__in=pks, status=ImportRun.Status.PUBLISHING)
            .order_by("period", "pk")
        )
        if not pending:
            return (
                not ImportRun.objects.filter(pk__in=pks)
                .exclude(status=ImportRun.Status.IMPORTED)
                .exists()
            )
        states = {r.pk: _file_state(r) for r in pending}
        lost = [r for r in pending if states[r.pk] == "lost"]
        if lost and "published" not in states.values():
            lost = pending  # nothing is in place yet: no month is published
        kept = [r for r in pending if r not in lost]
        ImportRun.objects.filter(pk__in=[r.pk for r in kept]).update(
            status=ImportRun.Status.IMPORTED
        )
        _reject_interrupted(lost)
        for i, run in enumerate(r for r in kept if states[r.pk] == "incoming"):
            if i:  # test-only crash point between two months' renames (ADR 0097)
                lake.fault_point("import-between-months")
            lake.publish(lake.lake_dir() / run.incoming_path, lake.lake_dir() / run.lake_path)
        lake.fault_point("import-after-rename")  # test-only crash point (ADR 0087)
    for run in lost:
        (lake.lake_dir() / run.incoming_path).unlink(missing_ok=True)
    lake.discard_batch((lake.lake_dir() / pending[0].incoming_path).parent)
    return not lost


def _reject_interrupted(runs: list[ImportRun]) -> None:
    """Mark runs that cannot be published rejected, with the reason, and audit them."""
    if not runs:
        return
    problem = importing.Problem.of(
        None,
        "",
        "",
        recorded(N_("导入中断：待发布的数据文件已丢失或被改动，数据湖未更新，请重新导入该文件")),
    ).as_dict()
    for run in runs:
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
            summary=f"导入 {run.file_name}（{run.period}）中断，未发布到数据湖，请重新导入",
            actor_label="系统（导入恢复）",
        )


def _batch_of(run: ImportRun) -> str:
    """The import a publishing run belongs to: the batch folder of a file of several months
    (`.incoming/batch-…/`, ADR 0097), or the run alone."""
    folder = PurePosixPath(run.incoming_path).parent
    return folder.as_posix() if folder.name.startswith("batch-") else f"run-{run.pk}"


def recover_publishing() -> int:
    """Finish every import a crash left “publishing” (ADR 0087), the months of one file together
    (ADR 0097): at every import, at the start of `serve` and of the queue consumer. Returns how
    many runs ended imported (detection queued for their months)."""
    batches: dict[str, list[ImportRun]] = defaultdict(list)
    for run in ImportRun.objects.filter(status=ImportRun.Status.PUBLISHING).order_by("pk"):
        batches[_batch_of(run)].append(run)
    done = 0
    for runs in batches.values():
        _publish(runs)
        imported = sorted(
            ImportRun.objects.filter(
                pk__in=[r.pk for r in runs], status=ImportRun.Status.IMPORTED
            ).values_list("period", flat=True)
        )
        done += len(imported)
        if imported:
            judged = months_to_judge(runs[0].kind, imported)
            transaction.on_commit(partial(_enqueue_detection, judged), robust=True)
    return done


def months_to_judge(kind: str, periods: list[str]) -> list[str]:
    """The imported months and the later months of the same feed the lake holds whose signals
    read them, oldest first: a month is judged against the month before it and up to
    `stoppage.baseline_months` before that (ADR 0095), so replacing a month re-judges those too
    instead of leaving their signals on the data that was replaced."""
    reach = thresholds(local_day())["stoppage"]["baseline_months"] + 1
    later = {shift(p, n) for p in periods for n in range(1, reach + 1)}
    return sorted(set(periods) | {m for m in later if lake.lake_path(kind, m).exists()})


def _enqueue_detection(periods: list[str]) -> None:
    # why here: a real cycle — the queue's tasks (tasks.py) import this module to run
    # detection and recover_publishing, and this module queues detection through them
    from ..tasks import detect_after_import, detect_months_after_import

    if len(periods) == 1:
        detect_after_import(periods[0])
    else:
        detect_months_after_import(list(periods))


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
