"""Writes of notifications (ADR 0041).

`notify` is the one door: in-app rows in the caller's transaction (so an alert and its
notifications commit together), and one `Delivery` per email address and per group-chat robot,
handed to the task queue only after the transaction commits. Sending never happens in the
request: a slow or broken mail server or robot cannot delay or fail a report.
"""

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from layoffwatch.audit.services import audit_record
from layoffwatch.core.recorded import Recorded, text_and_message

from .channels import SENDERS, SendError
from .models import Delivery, Notification, Webhook

log = logging.getLogger(__name__)


@dataclass
class Notified:
    notifications: list[Notification] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)


@dataclass(frozen=True)
class Target:
    url: str
    flavour: str
    webhook: Webhook | None = None


def env_webhooks() -> list[Target]:
    """`NOTIFY_WEBHOOK_URLS`: comma separated; `feishu:` before a URL marks a 飞书 robot."""
    targets = []
    for entry in settings.NOTIFY_WEBHOOK_URLS:
        flavour, _sep, url = (
            entry.partition(":") if entry.startswith("feishu:") else ("", "", entry)
        )
        targets.append(Target(url=url, flavour=flavour or Webhook.Flavour.TEXT))
    return targets


def webhook_targets(kind: str) -> list[Target]:
    rows = [
        Target(url=w.url, flavour=w.flavour, webhook=w)
        for w in Webhook.objects.filter(is_active=True).order_by("pk")
        if w.accepts(kind)
    ]
    seen = {t.url for t in rows}
    return rows + [t for t in env_webhooks() if t.url not in seen]


def notify(
    *,
    users: Iterable,
    title: Recorded | str,
    body: Recorded | str = "",
    link: str = "",
    kind: str = "",
    at: dt.datetime,
    webhook: bool = True,
) -> Notified:
    """Tell `users` in-app now, and queue an email to each of them that has an address and (unless
    `webhook=False`) one message to each group-chat robot. Call it inside the transaction of the
    change it reports, so that the notifications commit with it.

    A title or body built with `core.recorded.recorded` is stored in Chinese with its message, so
    the inbox says it in the reader's language (ADR 0100); emails and robots get the Chinese."""
    people = list({u.pk: u for u in users if u is not None and u.is_active}.values())
    title, title_message = text_and_message(title)
    body, body_message = text_and_message(body)
    messages = {
        key: m for key, m in (("title", title_message), ("body", body_message)) if m is not None
    }
    title, link = title[:200], link[:300]
    result = Notified()
    # why savepoint=False: callers pass their own transaction (the note above) and never go on
    # after an error from here; a SAVEPOINT/RELEASE pair per message was two round trips.
    with transaction.atomic(savepoint=False):
        result.notifications = Notification.objects.bulk_create(
            Notification(
                recipient=u,
                kind=kind,
                title=title,
                body=body,
                link=link,
                messages=messages,
                created_at=at,
            )
            for u in people
        )
        rows = []
        if settings.EMAIL_HOST:
            rows += [
                Delivery(
                    channel=Delivery.Channel.EMAIL,
                    target=u.email,
                    recipient=u,
                    kind=kind,
                    title=title,
                    body=body,
                    link=link,
                    created_at=at,
                    updated_at=at,
                )
                for u in people
                if u.email
            ]
        if webhook:
            rows += [
                Delivery(
                    channel=Delivery.Channel.WEBHOOK,
                    target=t.url,
                    flavour=t.flavour,
                    webhook=t.webhook,
                    kind=kind,
                    title=title,
                    body=body,
                    link=link,
                    created_at=at,
                    updated_at=at,
                )
                for t in webhook_targets(kind)
            ]
        result.deliveries = Delivery.objects.bulk_create(rows)
        ids = [d.pk for d in result.deliveries]
        if ids:
            transaction.on_commit(partial(enqueue_deliveries, ids), robust=True)
    return result


def enqueue_deliveries(ids: list[int]) -> None:
    """Hand deliveries to the queue; a queue that is down leaves them pending for the sweep."""
    # why here: tasks.py imports this module (its tasks run these services), a real cycle
    from .tasks import deliver

    for pk in ids:
        try:
            _enqueue(deliver, pk)
        except Exception:  # why: the report is already committed; never fail the request here
            log.exception("could not enqueue delivery %s; the sweep will retry", pk)


def _enqueue(task, pk: int) -> None:
    task.huey.enqueue(
        task.s(
            pk,
            retries=settings.NOTIFY_MAX_ATTEMPTS - 1,
            retry_delay=settings.NOTIFY_RETRY_DELAY,
            retry_backoff=2,
        )
    )


def delivery_attempt(*, delivery_id: int, at: dt.datetime | None = None) -> Delivery | None:
    """Try one delivery once and log the outcome. Returns it, or None if it was not due.

    The claim is a conditional UPDATE (status pending/retrying → sending): two workers that got
    the same delivery (a retry and a sweep) cannot both send it.
    """
    at = at or timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id, status__in=[Delivery.Status.PENDING, Delivery.Status.RETRYING]
    ).update(status=Delivery.Status.SENDING, attempts=F("attempts") + 1, updated_at=at)
    if not claimed:
        return None
    delivery = Delivery.objects.get(pk=delivery_id)
    try:
        SENDERS[delivery.channel](delivery)
    except SendError as exc:
        delivery.last_error = str(exc)[:500]
        gave_up = delivery.attempts >= settings.NOTIFY_MAX_ATTEMPTS
        delivery.status = Delivery.Status.FAILED if gave_up else Delivery.Status.RETRYING
        if gave_up:
            audit_record(
                action="update",
                obj=delivery,
                summary=f"通知发送失败（已尝试 {delivery.attempts} 次）：{delivery.get_channel_display()} {delivery.title}",
                after={"last_error": delivery.last_error},
                actor_label="系统（通知发送）",
            )
    else:
        delivery.status, delivery.sent_at = Delivery.Status.SENT, timezone.now()
    delivery.updated_at = timezone.now()
    delivery.save(update_fields=["status", "last_error", "sent_at", "updated_at"])
    return delivery


def deliveries_requeue(*, at: dt.datetime) -> int:
    """Deliveries the queue lost (enqueue failed, or a worker died mid-send): queue them again."""
    stale = Delivery.objects.filter(
        Q(status=Delivery.Status.PENDING, created_at__lt=at - dt.timedelta(minutes=5))
        | Q(status=Delivery.Status.SENDING, updated_at__lt=at - dt.timedelta(minutes=15))
        | Q(status=Delivery.Status.RETRYING, updated_at__lt=at - dt.timedelta(hours=2))
    )
    ids = list(stale.values_list("pk", flat=True)[:1000])
    Delivery.objects.filter(pk__in=ids, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.RETRYING, updated_at=at
    )
    enqueue_deliveries(ids)
    return len(ids)


def notifications_mark_read(*, user, ids: list[int] | None = None, at: dt.datetime) -> int:
    """Mark the user's notifications read (all unread ones when `ids` is None)."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=at)
