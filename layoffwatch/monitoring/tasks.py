"""Queue side of monitoring (Huey, ADR 0003): detection when a feed arrives, and nightly; feed files
uploaded on the import page (ADR 0097)."""

from django.db import close_old_connections
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from layoffwatch.core.clock import local_month

from .detection import shift
from .services import detection_run, recover_publishing
from .services.feed_uploads import feed_upload_run


@db_task()
def detect_after_import(period: str) -> dict:
    """1. a feed for `period` was imported; 2. run every detector for it; 3. record the signals."""
    result = detection_run(period=period)
    return {k: result[k] for k in ("created", "updated", "unchanged")}


@db_task()
def detect_months_after_import(periods: list[str]) -> dict:
    """1. a file of several months was imported (ADR 0097); 2. every detector for each month,
    oldest first (a month is compared with the ones before it); 3. the signals recorded."""
    out = {}
    for period in sorted(periods):
        result = detection_run(period=period)
        out[period] = {k: result[k] for k in ("created", "updated", "unchanged")}
    return out


@db_task()
def import_uploaded_feed(token: str) -> str:
    """1. a feed file was uploaded on the import page (ADR 0097); 2. import it, telling the page
    how far it is; 3. the page shows the result, or asks before replacing months."""
    return feed_upload_run(token)


@db_periodic_task(crontab(hour="18", minute="30"))  # 02:30 Asia/Shanghai (Huey runs in UTC)
def detect_nightly() -> dict:
    """Every night: detection for last month and this month (late feeds and new reports count)."""
    this = local_month()
    out = {}
    for period in (shift(this, -1), this):
        result = detection_run(period=period)
        out[period] = {k: result[k] for k in ("created", "updated", "unchanged")}
    return out


@on_startup()
def finish_interrupted_imports() -> None:
    """When the queue consumer starts: finish imports a crash left “publishing” (ADR 0087)."""
    try:
        recover_publishing()
    finally:
        close_old_connections()
