import datetime as dt

import pytest


@pytest.fixture(autouse=True)
def lake(settings, tmp_path):
    """Every test gets its own lake (never var/)."""
    settings.LAKE_DIR = tmp_path / "lake"
    return settings.LAKE_DIR


NOW = dt.datetime(2026, 3, 5, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def every_figure_has_a_chinese_label(db):
    """After the test: every figure its signals store has a Chinese label for the signal page."""
    yield
    from layoffwatch.monitoring.models import FIGURE_LABELS, Signal

    for s in Signal.objects.all():
        assert set(s.figures) <= set(FIGURE_LABELS), set(s.figures) - set(FIGURE_LABELS)
