import pytest


@pytest.fixture(autouse=True)
def anchors_in_tmp(settings, tmp_path):
    """Each test has its own anchor file and digest directory (ADR 0084), never the data dir's."""
    settings.AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.log"
    settings.AUDIT_DIGEST_DIR = tmp_path / "audit-digests"
    return settings
