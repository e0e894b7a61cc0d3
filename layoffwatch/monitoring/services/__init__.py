"""Writes of the monitoring stage (plan S3.1.3–S3.1.5), one module per section:

- `feed_imports`: feed files into the lake, all or nothing (`source_import`, `recover_publishing`);
- `signals`: a detection run's findings stored as signals (`detection_run`, `signals_record`);
- `verification`: a signal verified by its lead unit (`signal_take`, `verification_record`,
  `signal_confirm`, `signal_dismiss`, `signal_merge`);
- `clues`: the clue desk (`clue_file`).

Import them from here (`from layoffwatch.monitoring.services import source_import`).
"""

from .clues import clue_file
from .feed_imports import recover_publishing, source_import
from .signals import dedupe_key, detection_run, lead_unit, signals_record
from .verification import (
    can_work_on,
    signal_confirm,
    signal_dismiss,
    signal_merge,
    signal_take,
    verification_record,
)

__all__ = [
    "can_work_on",
    "clue_file",
    "dedupe_key",
    "detection_run",
    "lead_unit",
    "recover_publishing",
    "signal_confirm",
    "signal_dismiss",
    "signal_merge",
    "signal_take",
    "signals_record",
    "source_import",
    "verification_record",
]
