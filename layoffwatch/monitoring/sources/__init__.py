"""One importer description per feed kind (STYLE: copy a sibling to add one)."""

from . import (
    business_registration,
    hr_market,
    industry_capacity,
    social_insurance,
    tax,
    unemployment_rate,
    unemployment_registration,
)
from .base import Column, Source

SOURCES: dict[str, Source] = {
    m.SOURCE.kind: m.SOURCE
    for m in (
        social_insurance,
        unemployment_registration,
        business_registration,
        tax,
        hr_market,
        industry_capacity,
        unemployment_rate,
    )
}

__all__ = ["SOURCES", "Column", "Source"]
