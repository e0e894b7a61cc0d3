"""`layoffwatch risk --period YYYY-MM [--json] [--train]`: the month's enterprise risk ranking
(plan S2.3 预防为先, S3.1.3 预测; ADR 0106) for the whole district and the back-test of the model
that made it.

1. check the month (YYYY-MM, social-insurance data imported for it);
2. with --train, or when no stored model may rank the month, train one (and store it);
3. rank every enterprise, print credit code, rank, probability and the top three reasons (said
   in the command's language: the ranking keeps them as data, risk_reasons);
4. print the model's back-test.
A refusal (bad month, too little history, a model from another window) is a Chinese message
naming the problem, exit status 1, and nothing written.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from layoffwatch.analysis import risk
from layoffwatch.analysis.indicators import PERIOD
from layoffwatch.analysis.models import RiskModel
from layoffwatch.analysis.risk_features import shift, si_periods
from layoffwatch.analysis.risk_reasons import reasons_said
from layoffwatch.core.recorded import joined
from layoffwatch.monitoring.models import Signal


class Command(BaseCommand):
    help = "企业裁员风险排序 / the month's enterprise risk ranking"

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="月份 YYYY-MM")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument("--train", action="store_true", help="先用现有数据重新训练模型")
        parser.add_argument("--model", type=int, help="使用指定编号的已存模型")
        parser.add_argument("--top", type=int, default=50, help="输出前多少家（默认50）")

    def handle(self, *args, period, json=False, train=False, model=None, top=50, **options):
        if not PERIOD.fullmatch(period or ""):
            raise CommandError(_("--period：月份应为 YYYY-MM，收到“%(v)s”") % {"v": period})
        periods = si_periods()
        if period not in periods:
            raise CommandError(_("--period：%(p)s 没有社保参保缴费数据，无法排序") % {"p": period})
        # a month whose outcome is already known is one a model learns from, not one it ranks:
        # refused before anything is trained (nothing written)
        earliest = shift(periods[-1], 1 - risk.HORIZON)
        if model is None and period < earliest:
            raise CommandError(
                _(
                    "--period：%(p)s 三个月后的结果已经知道，只用于训练和回测；"
                    "可排序的月份为 %(lo)s 至 %(hi)s"
                )
                % {"p": period, "lo": earliest, "hi": periods[-1]}
            )
        try:
            stored = None
            if model is not None:
                stored = RiskModel.objects.filter(pk=model).first()
                if stored is None:
                    raise CommandError(_("--model：没有编号为 %(n)s 的风险排序模型") % {"n": model})
                risk.refuse_outside(stored, period)
            elif not train:
                stored = risk.model_for(period)
                if stored is not None:
                    try:
                        risk.refuse_outside(stored, period)
                    except risk.RiskError:
                        stored = None  # none fits: train one on the data there is
            if stored is None:
                stored = risk.train()
            ranked = risk.ranking(period=period, model=stored)
        except risk.RiskError as e:
            raise CommandError(str(e)) from None
        rows = [
            {
                "rank": r.rank,
                "credit_code": r.uscc,
                "probability": round(r.probability, 4),
                "reasons": reasons_said(r.reasons),
            }
            for r in ranked[:top]
        ]
        if json:
            self.stdout.write(
                _json_dump({"period": period, "model": _model(stored), "ranking": rows})
            )
            return
        self.stdout.write(
            _("%(p)s 企业裁员风险排序（前 %(n)s 家）") % {"p": period, "n": len(rows)}
        )
        for r in rows:
            self.stdout.write(
                f"{r['rank']:>4}  {r['credit_code']}  {r['probability']:.1%}  "
                + (joined(r["reasons"], "；") or _("暂无可说明的原因"))
            )
        self.stdout.write(backtest_lines(stored))


def _model(m: RiskModel) -> dict:
    return {
        "id": m.pk,
        "first_period": m.first_period,
        "trained_until": m.trained_until,
        "data_until": m.period,
        "seed": m.seed,
        "parameters": {k: v for k, v in m.parameters.items() if k != "typical"},
        "backtest": m.metrics,
    }


def _json_dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def backtest_lines(m: RiskModel) -> str:
    b = m.metrics
    ok = {True: _("达标"), False: _("未达标")}
    checks = b.get("checks", {})
    lead = b.get("median_lead")
    ap = b.get("average_precision")
    lines = [
        _("模型回测（训练 %(a)s 至 %(b)s，检验 %(c)s 至 %(d)s）：")
        % {
            "a": b["train_months"][0],
            "b": b["train_months"][1],
            "c": b["test_months"][0],
            "d": b["test_months"][1],
        },
        _("  前20名命中率 %(p).1f%%，基准率 %(r).1f%%（要求≥3倍：%(ok)s）")
        % {
            "p": b["top_precision"] * 100,
            "r": b["base_rate"] * 100,
            "ok": ok[checks.get("top_precision_3x", False)],
        },
        _("  平均精确率 %(ap)s（要求≥基准率3倍：%(ok)s）")
        % {
            "ap": f"{ap:.3f}" if ap is not None else _("暂无数据"),
            "ok": ok[checks.get("average_precision_3x", False)],
        },
        _("  提前量中位数 %(lead)s 个月（早于直报或监测信号，要求≥1：%(ok)s）")
        % {
            "lead": lead if lead is not None else _("暂无数据"),
            "ok": ok[checks.get("median_lead_1", False)],
        },
        _("  单项监测（%(kind)s）前20名命中率 %(p).1f%%（模型须更高：%(ok)s）")
        % {
            "kind": Signal.Kind(b["baseline_kind"]).label if b.get("baseline_kind") else _("无"),
            "p": b["baseline_top_precision"] * 100,
            "ok": ok[checks.get("beats_baseline", False)],
        },
    ]
    return "\n".join(lines)
