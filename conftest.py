# The shared personas and fixtures live in layoffwatch/conftest.py; top-level tests/ use them too.
# No test asserts a duration (benchmarks measure speed, benchmarks/README.md): Hypothesis's
# per-example deadline is one, and it fails on a busy CI machine, so it is off everywhere.
from hypothesis import settings as hypothesis_settings

from layoffwatch.conftest import *  # noqa: F401,F403

hypothesis_settings.register_profile("layoffwatch", deadline=None)
hypothesis_settings.load_profile("layoffwatch")
