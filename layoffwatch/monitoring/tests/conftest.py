import datetime as dt

import pytest

from layoffwatch.core.validators import uscc_with_check_digit


@pytest.fixture(autouse=True)
def lake(settings, tmp_path):
    """Every test gets its own lake (never var/)."""
    settings.LAKE_DIR = tmp_path / "lake"
    return settings.LAKE_DIR


def person_id(n: int, region: str = "500223", born: str = "19900101") -> str:
    # GB 11643 / ISO 7064 MOD 11-2 (stdnum's calc_check_digit wants the check digit included).
    body = f"{region}{born}{n % 1000:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def uscc(n: int) -> str:
    return uscc_with_check_digit(f"91500152MC{n:07d}")


def write_csv(path, header: list[str], rows: list[list]) -> str:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return str(path)


NOW = dt.datetime(2026, 3, 5, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def every_figure_has_a_chinese_label(db):
    """After the test: every figure its signals store has a Chinese label for the signal page."""
    yield
    from layoffwatch.monitoring.models import FIGURE_LABELS, Signal

    for s in Signal.objects.all():
        assert set(s.figures) <= set(FIGURE_LABELS), set(s.figures) - set(FIGURE_LABELS)
