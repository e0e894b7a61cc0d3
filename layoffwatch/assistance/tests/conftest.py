"""The assistance tests' fixture: the helpers live in layoffwatch/testing/people.py."""

from layoffwatch.testing.people import (  # noqa: F401  (layoff: the fixture; the rest for the written-report tests)
    NOW,
    id_number,
    layoff,
    roster_xlsx,
    with_wrong_check_digit,
)
