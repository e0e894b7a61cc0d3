"""The demo's situation analysis (plan S6.1, ADR 0103, 0104): the two newest months of the feeds
analysed — the earlier signed off by the leader, the latest a draft — and one consultation on the
signed month with its follow-up actions, all through the real services."""

import datetime as dt

from layoffwatch.accounts.models import User
from layoffwatch.analysis.consultations import consultation_record
from layoffwatch.analysis.indicators import shift_period
from layoffwatch.analysis.services import analysis_draft, analysis_edit, analysis_sign
from layoffwatch.core.clock import local_day

NEXT_STEPS = (
    "一是对岗位流失率较高的镇街和行业开展走访，核实减员原因；二是对监测发现断缴的企业逐户电话核实，"
    "需要时启动预警；三是组织专场招聘会，优先推荐受影响职工。"
)


def generate_analysis(*, end_period: dt.date, now: dt.datetime) -> dict:
    """Analyse the feeds' last two months and hold a consultation on the earlier one."""
    staff = User.objects.get(username="employment")
    leader = User.objects.get(username="leader")
    latest = f"{end_period:%Y-%m}"
    earlier = shift_period(latest, -1)
    signed = analysis_draft(earlier, actor=staff, at=now)
    signed = analysis_edit(signed, texts={"next_steps": NEXT_STEPS}, actor=staff, at=now)
    signed = analysis_sign(signed, actor=leader, at=now)
    analysis_draft(latest, actor=staff, at=now)
    today = local_day(now)
    consultation_record(
        actor=staff,
        at=now,
        held_on=today,
        subject=f"{earlier}就业形势会商",
        analysis=signed,
        participants=[
            "section:employment",
            "section:social_insurance",
            "dept:economy_it",
            "dept:market_regulation",
            "dept:statistics",
            "dept:tax",
        ],
        inputs=[
            {
                "organisation": "section:employment",
                "text": "岗位流失集中在制造业，建议对重点企业加密走访。",
            },
            {"organisation": "dept:economy_it", "text": "部分汽配企业订单下滑，产能利用率下降。"},
            {"organisation": "dept:tax", "text": "个别企业增值税申报额明显下降，已推送名单。"},
        ],
        conclusions="当前就业形势总体稳定，制造业局部风险上升；对名单企业开展联合核查。",
        actions=[
            {
                "number": 1,
                "text": "对税务推送名单企业逐户核实用工情况",
                "owner": User.objects.get(username="insurance"),
                "due_on": today + dt.timedelta(days=7),
            },
            {
                "number": 2,
                "text": "组织制造业专场招聘会",
                "owner": staff,
                "due_on": today + dt.timedelta(days=14),
            },
        ],
    )
    return {"signed": earlier, "draft": latest, "consultations": 1}
