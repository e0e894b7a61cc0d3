"""Bringing public-opinion items in (plan S6.4 舆情收集; ADR 0107): a file, all of it or nothing,
and one item a staff member enters by hand. District staff only: what people say of the district
is the district's to judge (a town's liaison reads the events of their town)."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from layoffwatch.audit.refusals import guarded, refusals_audited, refusals_recorded
from layoffwatch.audit.services import audit_record
from layoffwatch.core.clock import local_datetime, local_day
from layoffwatch.enterprises.importing import ImportRejected, import_rejection_audited
from layoffwatch.monitoring.models import Clue
from layoffwatch.monitoring.services.clues import clue_file

from .models import OpinionEvent, OpinionImport, OpinionItem, Source
from .pipeline import add_items
from .reading import MAX_TEXT, Item, read_items
from .selectors import events_visible_to
from .text import mask


def may_bring_in(actor) -> bool:
    """Who may import and enter items: district-wide staff (section staff, leaders, admins)."""
    return actor is not None and actor.is_authenticated and actor.is_district_wide


def opinion_import(
    *, actor, data: bytes, file_name: str, at: dt.datetime, request=None
) -> OpinionImport:
    """Bring a file's items in, all or nothing: ImportRejected (audited, nothing stored) with
    every problem; else the import with how many items were new and how many already held.
    `actor` None: the server's command line (`layoffwatch import_opinion`), whose operator the
    server trusts as it does for the feeds (audited as 系统)."""
    if actor is not None and not may_bring_in(actor):
        with refusals_audited("导入舆情信息", actor=actor, object_type="opinion"):
            raise PermissionDenied(_("只有区级工作人员可以导入舆情信息"))
    with refusals_recorded(
        partial(
            import_rejection_audited,
            what="导入舆情信息",
            actor=actor,
            actor_label="" if actor else "系统",
            object_type="opinion.opinionitem",
            file_name=file_name,
            request=request,
        ),
        kinds=(ImportRejected,),
    ):
        kind, items = read_items(data, file_name, at=at)
    with transaction.atomic():
        batch = OpinionImport.objects.create(
            kind=kind, file_name=file_name[:200], imported_by=actor, imported_at=at
        )
        stored, repeated = add_items(items, at=at, batch=batch)
        batch.items, batch.repeated = len(stored), repeated
        batch.save(update_fields=["items", "repeated"])
        audit_record(
            action="import",
            actor=actor,
            actor_label="" if actor else "系统",
            obj=batch,
            summary=f"导入舆情信息（{file_name}，{batch.get_kind_display()}）："
            f"新增 {len(stored)} 条，已有 {repeated} 条",
            request=request,
        )
    return batch


def _event_in_scope(kwargs: dict) -> None:
    """Not there and not yours read the same (ADR 0002)."""
    if not events_visible_to(kwargs["actor"]).filter(pk=kwargs["event"].pk).exists():
        raise PermissionDenied(_("舆情事件不存在或不在您的范围内"))


@guarded("舆情事件转为线索", check=_event_in_scope)
def opinion_event_to_clue(*, actor, event: OpinionEvent, at: dt.datetime) -> Clue:
    """The event becomes a clue on the clue desk (plan S3.1.5, channel 舆情; S6.4 研判), once:
    a signal of the same pipeline, assigned to annex task 4's lead unit. A staff member judges
    that it should (ADR 0107): a rumour is not yet a risk."""
    event = OpinionEvent.objects.select_for_update().get(pk=event.pk)
    if event.clue_id:
        raise ValidationError(_("该舆情事件已转为线索"))
    clue = clue_file(
        actor=actor,
        at=at,
        channel=Clue.Channel.PUBLIC_OPINION,
        received_on=local_day(at),
        description=mask(
            f"舆情事件：{event.title}（{event.items}条信息，{event.sources}个来源，"
            f"{local_datetime(event.first_at):%Y-%m-%d %H:%M}至"
            f"{local_datetime(event.last_at):%Y-%m-%d %H:%M}，主题：{event.get_topic_display()}）"
        )[:2000],
        enterprise=event.enterprise,
        town=event.town,
        source_note=f"舆情研判 事件 #{event.pk}",
    )
    event.clue = clue
    event.status = OpinionEvent.Status.ASSESSED
    event.save(update_fields=["clue", "status"])
    audit_record(
        action="update",
        actor=actor,
        obj=event,
        summary=f"舆情事件 #{event.pk} 转为线索（{mask(event.title)[:60]}）",
    )
    return clue


def _check_entry(kwargs: dict) -> None:
    if not may_bring_in(kwargs["actor"]):
        raise PermissionDenied(_("只有区级工作人员可以录入舆情信息"))
    if not kwargs["text"].strip():
        raise ValidationError({"text": _("内容：不能为空")})
    if len(kwargs["text"]) > MAX_TEXT:
        raise ValidationError({"text": _("内容：超过 %(n)s 字") % {"n": MAX_TEXT}})
    if kwargs["published_at"] > kwargs["at"]:
        raise ValidationError({"published_at": _("发布时间：晚于现在，不能录入未来的信息")})


@guarded("录入舆情信息", check=_check_entry)
def opinion_item_enter(
    *,
    actor,
    source: str,
    published_at: dt.datetime,
    text: str,
    at: dt.datetime,
    title: str = "",
    link: str = "",
    request=None,
) -> OpinionItem:
    """One item a staff member saw or was told of (a post, a call, a conversation)."""
    item = Item(
        kind=Source.STAFF,
        source=source.strip()[:100] or _("工作人员录入"),
        reference="",
        published_at=published_at,
        text=text.strip(),
        title=title.strip()[:300],
        link=link.strip()[:500],
    )
    stored, _held = add_items([item], at=at, actor=actor)
    row = stored[0]
    audit_record(
        action="create",
        actor=actor,
        obj=row,
        summary=f"录入舆情信息（{row.source}）：{mask(row.title or row.text[:40])}",
        request=request,
    )
    return row
