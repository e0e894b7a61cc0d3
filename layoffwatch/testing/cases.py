"""Staff accounts, local times, the task queue and a layoff report through to its response case."""

import contextlib
import datetime as dt
import zoneinfo

from layoffwatch.accounts.models import Section
from layoffwatch.accounts.roles import Role
from layoffwatch.accounts.services import user_create
from layoffwatch.reporting.services import layoff_report_submit

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
PASSWORD = "correct-horse-battery"


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


def staff(username: str, section: str, role: str = Role.SECTION_STAFF):
    return user_create(
        username=username,
        password=PASSWORD,
        role=role,
        display_name=username,
        section=Section.objects.get(code=section),
    )


@contextlib.contextmanager
def queue_runs():
    """Run the task queue as a worker would right after the commit (ADR 0045: the response case
    opens in a Huey task enqueued on commit): Huey in immediate mode, on-commit hooks executed."""
    from django.test import TestCase
    from huey.contrib.djhuey import HUEY

    before = HUEY.immediate
    HUEY.immediate = True
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            yield
    finally:
        HUEY.immediate = before


def layoff_data(enterprise, *, cut: int, on: dt.date | str) -> dict:
    """A layoff report's fields (the API's names) for a cut of `cut` people on one date."""
    return {
        "enterprise_uscc": enterprise.uscc,
        "planned_cut": cut,
        "dispatched_cut": 0,
        "effective_date": on if isinstance(on, str) else on.isoformat(),
        "is_closure": False,
        "reasons": ["orders"],
        "contact_name": "王芳",
        "contact_phone": "13800000000",
    }


def report(enterprise, *, cut: int, on: dt.date, at: dt.datetime, actor=None):
    """A layoff report through the real reporting service (report → alert → queue → case)."""
    with queue_runs():
        return layoff_report_submit(
            enterprise=enterprise,
            data=layoff_data(enterprise, cut=cut, on=on),
            channel="staff",
            actor=actor,
            at=at,
        )


def inbox(user) -> list[str]:
    """The titles in a user's in-app inbox."""
    from layoffwatch.notifications.models import Notification

    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def unfinished_reasons(alert, text: str = "已纳入常态化就业服务，不再单列办理") -> dict[str, str]:
    """A reason for each step and task of the alert's case still open, as the person lifting the
    alert gives them on the closing page (ADR 0053); each names its item."""
    from layoffwatch.response.models import ResponseCase
    from layoffwatch.response.selectors import case_unfinished_items

    case = ResponseCase.objects.get(alert=alert)
    return {i.key: f"{text}（{i.label}）" for i in case_unfinished_items(case)}
