import datetime as dt

import pytest

END = dt.date(2026, 9, 1)  # last month of history in these tests (the generator reads no clock)


@pytest.fixture(autouse=True)
def quick_hashing(settings):
    # why: each generate() makes a dozen accounts; Argon2 at production cost would dominate these tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def lake(settings, tmp_path):
    """`demo` imports monitoring feeds: every test gets its own lake (never var/)."""
    settings.LAKE_DIR = tmp_path / "lake"
    return settings.LAKE_DIR


@pytest.fixture
def reference(reference_data):
    """Towns and industries as the generator reads them from the database."""
    from layoffwatch.demo.generator import reference_from_db

    return reference_from_db()


@pytest.fixture
def district(reference):
    """A full-size district built in memory (pure: nothing written)."""
    from layoffwatch.demo.generator import build

    towns, industries = reference
    return build(
        seed=7, enterprises=1500, months=24, end_period=END, towns=towns, industries=industries
    )
