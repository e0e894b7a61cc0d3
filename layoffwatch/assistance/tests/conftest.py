"""The assistance tests' fixture (`layoff`): the helpers live in layoffwatch/testing/people.py.

`id_number` and `roster_xlsx` are named here only for response's written-report test, which still
imports them from this module; they go once it imports them from layoffwatch.testing.people."""

from layoffwatch.testing.people import id_number, layoff, roster_xlsx  # noqa: F401
