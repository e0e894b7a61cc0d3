"""The one place alerts and response cases send notifications: through the notifications app
(in-app at once, then email and group-chat robots through the task queue with retries, ADR 0041).
No second inbox, email or webhook sender lives here."""

import datetime as dt
from collections.abc import Iterable

from layoffwatch.core.recorded import Recorded
from layoffwatch.notifications.services import notify


def send(
    *,
    users: Iterable,
    title: Recorded | str,
    body: Recorded | str = "",
    link: str = "",
    kind: str = "alert",
    at: dt.datetime,
) -> int:
    """Tell `users` (deduplicated, active only); returns how many were told in-app."""
    people = {u.pk: u for u in users if u is not None and u.is_active}
    # why even with nobody to tell in-app: the group-chat robots are told all the same (a
    # district whose liaisons have no account yet still hears of a new alert, plan S4.1)
    notify(users=list(people.values()), title=title, body=body, link=link, kind=kind, at=at)
    return len(people)
