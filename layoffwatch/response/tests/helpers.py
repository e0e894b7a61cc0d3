# The helpers live in layoffwatch/testing/cases.py; this name stays only for the written-report
# tests that still import it (to be pointed at layoffwatch.testing.cases, then this file removed).
from layoffwatch.testing.cases import (  # noqa: F401
    PASSWORD,
    SHANGHAI,
    inbox,
    layoff_data,
    local,
    queue_runs,
    report,
    staff,
    unfinished_reasons,
)
