"""`layoffwatch analysis --period YYYY-MM [--json] [--docx FILE] [--xlsx FILE]`: the month's
indicators as the analysis page shows them (plan S6.1), for the whole district."""

import json

from django.core.management.base import BaseCommand, CommandError

from layoffwatch.analysis.documents import analysis_docx
from layoffwatch.analysis.exports import indicators_xlsx
from layoffwatch.analysis.indicators import INDICATORS, PERIOD, NoData, month_indicators
from layoffwatch.analysis.models import MonthlyAnalysis
from layoffwatch.analysis.templatetags.analysis_extras import shown


class Command(BaseCommand):
    help = "某月就业形势指标（全区、镇街、行业）/ the month's employment indicators"

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="月份 YYYY-MM")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument("--xlsx", help="把指标表写入此 Excel 文件")
        parser.add_argument("--docx", help="把该月分析（草稿或已签发）写入此 Word 文件")

    def handle(self, *args, period, json: bool = False, xlsx=None, docx=None, **options):
        if not PERIOD.fullmatch(period):
            raise CommandError(f"--period：月份应为 YYYY-MM，收到“{period}”")
        try:
            m = month_indicators(period)
        except NoData:
            raise CommandError(
                f"--period：{period}没有可分析的数据（各项数据都未导入，也没有记录）"
            ) from None
        analysis = MonthlyAnalysis.objects.filter(period=period).first()
        if docx and analysis is None:  # refused before any file is written
            raise CommandError(f"--docx：{period}还没有起草分析，请先在形势分析页面起草")
        if xlsx:
            with open(xlsx, "wb") as f:
                f.write(indicators_xlsx(m))
        if docx:
            with open(docx, "wb") as f:
                f.write(analysis_docx(analysis))
        if json:
            self.stdout.write(_json(m))
            return
        d = m.district
        for i in INDICATORS:
            f = d.values[i.key]
            value = (
                shown(f.value, i.key) if f.value is not None else f"暂无数据（{f.unknown_because}）"
            )
            self.stdout.write(f"{i.label}：{value}")


def _json(m) -> str:
    rows = [
        {
            "area": r.area,
            "code": r.code,
            "name": r.name,
            "insured_mom": r.insured_mom,
            "insured_yoy": r.insured_yoy,
            "figures": {k: f.value for k, f in r.values.items()},
            "unknown_because": {
                k: f.unknown_because for k, f in r.values.items() if f.value is None
            },
        }
        for r in m.rows
    ]
    feeds = [{"source": f.source, "has_month": f.has_month} for f in m.feeds]
    return json.dumps({"period": m.period, "feeds": feeds, "rows": rows}, ensure_ascii=False)
