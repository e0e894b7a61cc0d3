"""The opinion tests' shared registry (plan S6.4): two enterprises in two towns, named as the
demo names them, for items to be about."""

import pytest

from layoffwatch.conftest import GUILIN, ZITONG


@pytest.fixture
def firms(make_enterprise):
    class Firms:
        yuanda = make_enterprise(name="重庆市潼南区源达蔬菜食品有限公司", town_id=GUILIN)
        taixin = make_enterprise(name="潼南泰新电气有限公司", town_id=ZITONG, industry_id="3823")

    return Firms
