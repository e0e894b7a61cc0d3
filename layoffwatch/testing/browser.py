"""Debian's chromium as the browser tests and the user guide's screenshots start it (this module
needs no Django, so that scripts/screenshots.py can use it)."""

import os
import shutil

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_executable() -> str:
    """The chromium a browser test drives. Missing, the test fails in CI and is skipped elsewhere
    with a message that says how to install it."""
    import pytest

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(executable):
        message = "Debian chromium 未安装（apt-get install chromium）/ chromium is not installed"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return executable
