"""Helpers every app's tests may use (the one shared place: no test imports another app's tests).

- ``cases``: staff accounts, local times, running the queue, a layoff report through to its case.
- ``reports``: the reporting API's bodies, tokens and refusals.
- ``people``: valid ID numbers, rosters and the ``layoff`` fixture (assistance, rights, credit).
- ``feeds``: the data feeds' ID numbers, credit codes and CSV files (monitoring).
- ``enterprises``: the enterprises API's body.

The personas stay in ``layoffwatch/conftest.py``.
"""
