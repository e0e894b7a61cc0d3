"""Send this month's reminders now (what the daily queue job does), e.g. after an outage.

1. Decide the month (the previous one, or --period YYYY-MM).
2. Stop if it is not past its due day (unless --force) or its reminders went out already.
3. Remind the overdue enterprises, their towns' liaisons, the responsible section and the robots.
"""

import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from layoffwatch.reporting.services import reminders_send


class Command(BaseCommand):
    help = "月度用工报告催报 / remind enterprises that have not sent last month's report"

    def add_arguments(self, parser):
        parser.add_argument("--period", help="YYYY-MM（默认上月）")
        parser.add_argument("--force", action="store_true", help="未到截止日也发送")

    def handle(self, *args, period=None, force=False, **options):
        if period and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
            raise CommandError(f"--period {period} 格式应为 YYYY-MM")
        run = reminders_send(at=timezone.now(), period=period, force=force)
        if run is None:
            self.stdout.write("未到截止日或本月已催报，未发送 / nothing due or already sent")
        else:
            self.stdout.write(
                f"{run.period}：{run.overdue} 家逾期未报，已通知 {run.people_told} 人"
            )
