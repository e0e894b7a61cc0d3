# The shared personas and fixtures live in layoffwatch/conftest.py; top-level tests/ use them too.
from layoffwatch.conftest import *  # noqa: F401,F403
