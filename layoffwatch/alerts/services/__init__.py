"""Writes of alerts: raise or escalate on a graded report, the lifecycle (raised → responding →
under control → lifted, plan S5.1–S5.3), lifting with approval, and the district assessment
(plan S3.2), recomputed whenever an alert changes.

Every change goes through `common.alert_event` (an AlertEvent and an audit entry). A refused
action raises ValidationError or PermissionDenied; it is audited after its transaction has
rolled back (`audit.refusals.guarded`), so the trace survives and nothing else changed.

- `raising`: the intake's door — a graded report or a confirmed signal raises or escalates
- `lifecycle`: the task force's and the leaders' doors — status, lifting, lift requests
- `common`: telling the responsible people, the link and the event of each change
The district assessment's history is written by `alerts.assessment` (re-exported here).
"""

from ..assessment import assessment_recompute
from .common import alert_link
from .lifecycle import alert_lift, alert_transition, lift_request_create, lift_request_decide
from .raising import alert_raise_or_escalate

__all__ = [
    "alert_lift",
    "alert_link",
    "alert_raise_or_escalate",
    "alert_transition",
    "assessment_recompute",
    "lift_request_create",
    "lift_request_decide",
]
