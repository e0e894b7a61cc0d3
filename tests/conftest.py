import pytest

from .installs import Migrated


@pytest.fixture(scope="session")
def migrated(tmp_path_factory):
    """One database migrated from nothing by `layoffwatch migrate`, made once per test process
    when a test first asks for it; installations that are not about migrating start from copies
    (tests/installs.py)."""
    made = Migrated(tmp_path_factory.mktemp("migrated"))
    yield made
    made.drop()
