"""Queue side of the audit log (Huey, ADR 0003 / 0084). Worker: `layoffwatch run_huey`."""

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import audit_checkpoint, audit_digest

log = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
def checkpoint_audit_heads() -> bool:
    """Every minute: the chains' heads go to the anchor file if they moved (ADR 0084). Rows cut
    off a chain's end within the minute before a checkpoint are the window it cannot see."""
    checkpoint = audit_checkpoint(at=timezone.now())
    if checkpoint.held:
        log.error(
            "audit chains %s no longer reach their anchored heads: run layoffwatch audit_verify",
            checkpoint.held,
        )
    return checkpoint.written


@db_periodic_task(crontab(hour="16", minute="5"))  # 00:05 Asia/Shanghai (Huey runs in UTC)
def write_audit_digest_daily() -> str:
    """Every night: the dated digest of the chains' heads, to be kept off the host."""
    return str(audit_digest(at=timezone.now()))
