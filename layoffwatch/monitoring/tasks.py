"""Queue side of monitoring (Huey, ADR 0003): detection when a feed arrives, and nightly."""

from django.db import close_old_connections
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from layoffwatch.core.clock import local_month

from .detection import shift
from .services import detection_run, recover_publishing


@db_task()
def detect_after_import(period: str) -> dict:
    """1. a feed for `period` was imported; 2. run every detector for it; 3. record the signals."""
    result = detection_run(period=period)
    return {k: result[k] for k in ("created", "updated", "unchanged")}


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
