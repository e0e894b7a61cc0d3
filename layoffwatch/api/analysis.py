"""The month's indicators over the API (plan S6.1): `GET /api/v1/analysis/{period}`, the same
figures as the analysis page and its XLSX (analysis.indicators), within the token holder's scope:
the district for district-wide roles, a liaison's own town; other roles are refused."""

from ninja import Path, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from layoffwatch.analysis.indicators import INDICATORS, NoData, month_indicators
from layoffwatch.analysis.selectors import analysis_town, may_read_analysis

from .errors import PERIOD_PATTERN, responses

router = Router(tags=["analysis 形势分析"])


class FigureOut(Schema):
    value: float | None = Field(description="数值；未知时为 null（比率为小数）")
    unknown_because: str = Field(description="未知的原因")


class RowOut(Schema):
    area: str = Field(description="district / town / section / division")
    code: str
    name: str
    insured_mom: int | None
    insured_yoy: int | None
    figures: dict[str, FigureOut]


class FeedOut(Schema):
    source: str
    has_month: bool
    latest_period: str | None


class IndicatorOut(Schema):
    key: str
    label: str
    definition: str
    source: str


class AnalysisOut(Schema):
    period: str
    town: str | None
    indicators: list[IndicatorOut]
    feeds: list[FeedOut]
    rows: list[RowOut]


@router.get(
    "/analysis/{period}",
    response=responses({200: AnalysisOut}, 403, 404),
    summary="某月就业形势指标（全区、镇街、行业门类和大类）",
)
def analysis_month(request, period: str = Path(pattern=PERIOD_PATTERN, description="月份 YYYY-MM")):
    if not may_read_analysis(request.auth):
        raise HttpError(403, "您的角色不能查看形势分析 / your role cannot read the analysis")
    try:
        m = month_indicators(period, town=analysis_town(request.auth))
    except NoData:
        raise HttpError(
            404, f"{period}没有可分析的数据 / nothing to analyse for {period}"
        ) from None
    return {
        "period": m.period,
        "town": m.town,
        "indicators": [
            {
                "key": i.key,
                "label": str(i.label),
                "definition": str(i.definition),
                "source": i.source,
            }
            for i in INDICATORS
        ],
        "feeds": [
            {"source": f.source, "has_month": f.has_month, "latest_period": f.latest_period}
            for f in m.feeds
        ],
        "rows": [
            {
                "area": r.area,
                "code": r.code,
                "name": r.name,
                "insured_mom": r.insured_mom,
                "insured_yoy": r.insured_yoy,
                "figures": {
                    k: {"value": f.value, "unknown_because": f.unknown_because}
                    for k, f in r.values.items()
                },
            }
            for r in m.rows
        ],
    }
