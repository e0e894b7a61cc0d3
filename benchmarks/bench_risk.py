"""Enterprise risk ranking (plan S2.3, S3.1.3 预测; ADR 0106): training on BENCH_RISK_ENTERPRISES
(default 200,000) enterprises × BENCH_RISK_MONTHS (24) months, and scoring one month of them with
the top REASONS_FOR enterprises' reasons. Targets on the 2-core reference machine: training ≤ 60 s,
scoring ≤ 10 s.

The feature matrix is synthetic (random features with a planted signal in a few of them, ~4%
positives): what is measured is the model's fit and its scoring with reasons (risk._fit,
risk._ranked), the parts that grow with enterprises × months. Building the features from a lake
of that size (one DuckDB query per feed) is measured by bench_monitoring and bench_analysis for
the social-insurance months; the back-test adds a second fit on two thirds of the months.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_monitoring as bm  # noqa: E402

TRAIN_LIMIT, SCORE_LIMIT = 60.0, 10.0


def synthetic(enterprises: int, months: int, seed: int = 1):
    import numpy as np
    import pandas as pd

    from layoffwatch.analysis.risk_features import FEATURES

    rng = np.random.default_rng(seed)
    n = enterprises * months
    x = rng.gamma(1.0, 1.0, size=(n, len(FEATURES))).astype(np.float32)
    x[rng.random(x.shape) < 0.6] = 0  # most counts are zero, as in a real month
    logit = -4.2 + 0.9 * x[:, 1] + 0.7 * x[:, 6] + 0.6 * x[:, 15] + 0.4 * x[:, 18]
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.int8)
    month = pd.DataFrame(x[:enterprises].astype(float), columns=list(FEATURES))
    month["enterprise_id"] = np.arange(enterprises)
    month["uscc"] = [f"E{i:08d}" for i in range(enterprises)]
    month["town_id"] = "500152001000"
    return x, y, month


def main(enterprises: int | None = None, months: int | None = None) -> dict:
    bm._setup()
    from layoffwatch.analysis import risk

    enterprises = enterprises or int(os.environ.get("BENCH_RISK_ENTERPRISES", 200_000))
    months = months or int(os.environ.get("BENCH_RISK_MONTHS", 24))
    x, y, month = synthetic(enterprises, months)
    started = time.monotonic()
    model = risk._fit(risk.SEED, x, y)
    train_s = time.monotonic() - started
    typical = [float(v) for v in month[list(risk.FEATURES)].median()]
    started = time.monotonic()
    ranked = risk._ranked(model, month, typical)
    score_s = time.monotonic() - started
    out = {
        "enterprises": enterprises,
        "months": months,
        "rows": int(len(x)),
        "positives": int(y.sum()),
        "train_seconds": round(train_s, 2),
        "train_limit": TRAIN_LIMIT,
        "score_seconds": round(score_s, 2),
        "score_limit": SCORE_LIMIT,
        "explained": sum(1 for r in ranked if r.reasons),
        "ok": train_s <= TRAIN_LIMIT and score_s <= SCORE_LIMIT,
    }
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return out


if __name__ == "__main__":
    main()
