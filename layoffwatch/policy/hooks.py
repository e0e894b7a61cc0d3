"""What apps later in the flow register on the policy (ADR 0088).

`whatif_runner`: the policy what-if (plan S3.1.3 政策调整评估预测, ADR 0101) reads alerts,
enterprises and people, which sit above the policy; `layoffwatch policy whatif` runs the handler
that `analysis` registers in its AppConfig.ready() (analysis.whatif.whatif_assess through
analysis.whatif_views.whatif_for_command).
"""

from typing import Protocol

from layoffwatch.core.hooks import Hook


class WhatIfRunner(Protocol):
    """Assess the draft `yaml_text` of parameter file `file_key` over `period` ("12m" or
    "current") for the command line: returns the what-if as plain data, its Chinese summary in
    "summary" (a list of lines); raises ValidationError for a draft that cannot be assessed."""

    def __call__(self, *, file_key: str, yaml_text: str, period: str) -> dict: ...


whatif_runner: Hook[WhatIfRunner] = Hook()
