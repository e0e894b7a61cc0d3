"""The one place alerts and response cases send notifications.

The notifications app (in-app at once, then email/webhook through the task queue with retries)
is being built beside this one; while it is absent, messages go to the in-app inbox
(alerts.Notification). No second email or webhook sender lives here.
"""

import datetime as dt
from collections.abc import Iterable

from django.apps import apps

from .models import Alert, Notification


def _service():
    # the notifications app, once installed (issue 6: "send through it when it exists")
    if not apps.is_installed("layoffwatch.notifications"):
        return None
    from layoffwatch.notifications.services import notify

    return notify


def send(
    *,
    users: Iterable,
    title: str,
    body: str = "",
    link: str = "",
    kind: str = "alert",
    at: dt.datetime,
    alert: Alert | None = None,
) -> int:
    """Tell `users` (deduplicated, active only); returns how many were told."""
    people = {u.pk: u for u in users if u is not None and u.is_active}
    notify = _service()
    if notify is not None:
        # why even with nobody to tell in-app: the group-chat robots are told all the same (a
        # district whose liaisons have no account yet still hears of a new alert, plan S4.1)
        notify(users=list(people.values()), title=title, body=body, link=link, kind=kind, at=at)
        return len(people)
    if not people:
        return 0
    Notification.objects.bulk_create(
        Notification(
            recipient=user, alert=alert, title=title[:200], body=body, url=link[:200], created_at=at
        )
        for user in people.values()
    )
    return len(people)
