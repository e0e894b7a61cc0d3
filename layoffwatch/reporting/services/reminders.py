"""Monthly reminders (催报, plan S3.1.1): once the due day of last month's report has passed, tell
whoever has not reported, their town's liaisons and the responsible section; once per month."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_noop as N_

from layoffwatch.accounts.models import User
from layoffwatch.accounts.roles import Role
from layoffwatch.audit.services import audit_record
from layoffwatch.core.clock import local_day
from layoffwatch.core.recorded import listed, recorded
from layoffwatch.enterprises.selectors import responsible_section_staff
from layoffwatch.notifications.services import notify

from ..models import ReminderRun
from ..selectors import due_date, overdue_enterprises, overdue_summary, period_before

TOWN_LIST_SHOWN = 30


def _tell_reporters(overdue: list, *, period: str, due: dt.date, at: dt.datetime) -> int:
    """Each overdue enterprise's own reporters, in-app and by e-mail. Returns how many were told."""
    reporters: dict[int, list] = {}
    for user in User.objects.filter(
        role=Role.ENTERPRISE, is_active=True, enterprise__in=[e.pk for e in overdue]
    ):
        reporters.setdefault(user.enterprise_id, []).append(user)
    told = 0
    for e in overdue:
        if e.pk in reporters:
            told += len(
                notify(
                    users=reporters[e.pk],
                    title=recorded(N_("请尽快报送 %(period)s 月度用工报告"), period=period),
                    body=recorded(
                        N_(
                            "%(enterprise)s：%(period)s 月度用工报告应于 %(due)s 前报送，至今未收到。"
                            "请登录系统或扫描企业填报二维码报送。"
                        ),
                        enterprise=e.name,
                        period=period,
                        due=f"{due:%Y-%m-%d}",
                    ),
                    link="/reporting/",
                    kind="reminder",
                    at=at,
                    webhook=False,
                ).notifications
            )
    return told


def _tell_liaisons(overdue: list, *, period: str, link: str, at: dt.datetime) -> int:
    """Each town's liaisons, with the list of their town's overdue enterprises."""
    by_town: dict[str, list] = {}
    for e in overdue:
        by_town.setdefault(e.town_id, []).append(e)
    told = 0
    for town_id, ents in by_town.items():
        liaisons = User.objects.filter(role=Role.TOWN_LIAISON, is_active=True, town_id=town_id)
        told += len(
            notify(
                users=liaisons,
                title=recorded(
                    N_("%(town)s %(count)s 家企业未报送 %(period)s 月度用工报告"),
                    town=ents[0].town.name,
                    count=len(ents),
                    period=period,
                ),
                body=recorded(
                    N_("%(names)s等") if len(ents) > TOWN_LIST_SHOWN else N_("%(names)s"),
                    names=[e.name for e in ents[:TOWN_LIST_SHOWN]],
                ),
                link=link,
                kind="reminder",
                at=at,
                webhook=False,
            ).notifications
        )
    return told


def _tell_section(
    overdue: list, overdue_qs, *, period: str, due: dt.date, link: str, at: dt.datetime
) -> int:
    """就业促进和职业能力建设科 and the group-chat robots: the count by town."""
    towns: dict[str, int] = {}
    for row in overdue_summary(overdue_qs):
        towns[row["town"]] = towns.get(row["town"], 0) + row["count"]
    return len(
        notify(
            users=responsible_section_staff(),
            title=recorded(
                N_(
                    "%(period)s 月度用工报告：%(count)s 家企业逾期未报（截止 %(month)s月%(day)s日）"
                ),
                period=period,
                count=len(overdue),
                month=f"{due:%m}",
                day=f"{due:%d}",
            ),
            body=recorded(
                N_("%(towns)s"),
                towns=listed(
                    (
                        recorded(N_("%(town)s %(count)s 家"), town=t, count=n)
                        for t, n in towns.items()
                    ),
                    "；",
                ),
            ),
            link=link,
            kind="reminder",
            at=at,
        ).notifications
    )


def reminders_send(
    *, at: dt.datetime, period: str | None = None, force: bool = False
) -> ReminderRun | None:
    """Remind whoever has not reported the last month by the due day; once per month.

    1. the month is the one before `at` (or `period`); nothing happens before its due day
       (unless `force`), nor a second time for the same month (a ReminderRun row per month);
    2. each overdue enterprise's own reporters are told (in-app and email);
    3. each town's liaisons get the list of their town's overdue enterprises;
    4. 就业促进和职业能力建设科 and the group-chat robots get the count by town.
    Returns the run, or None when nothing was due.
    """
    today = local_day(at)
    period = period or period_before(today)
    due = due_date(period)
    if today <= due and not force:
        return None
    with transaction.atomic():
        try:
            with transaction.atomic():
                run = ReminderRun.objects.create(period=period, due_on=due, ran_at=at)
        except IntegrityError:
            return None  # this month's reminders went out already (or are going out now)
        overdue_qs = overdue_enterprises(period)
        overdue = list(overdue_qs)
        link = f"/reporting/overdue/?period={period}"
        told = _tell_reporters(overdue, period=period, due=due, at=at)
        told += _tell_liaisons(overdue, period=period, link=link, at=at)
        if overdue:
            told += _tell_section(overdue, overdue_qs, period=period, due=due, link=link, at=at)
        ReminderRun.objects.filter(pk=run.pk).update(overdue=len(overdue), people_told=told)
        run.overdue, run.people_told = len(overdue), told
        audit_record(
            action="create",
            obj=run,
            summary=f"{period} 月度用工报告催报：{len(overdue)} 家逾期未报，通知 {told} 人",
            actor_label="系统（月度催报）",
        )
    return run
