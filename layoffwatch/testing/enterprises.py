"""The enterprises API in tests: a new enterprise's body (a fresh credit code in Guilin)."""

from layoffwatch.conftest import GUILIN, make_uscc


def body(**overrides):
    values = {
        "uscc": make_uscc(),
        "name": "潼南接口测试有限公司",
        "town_code": GUILIN,
        "industry_code": "3670",
        "insured_headcount": 88,
    }
    values.update(overrides)
    return values
