"""Rights cases (plan S4.1, S4.6, annex tasks 5, 6, 13, 14): complaints, mediation, arbitration,
labour inspection and wage arrears, each timed against the "four fast" targets."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from layoffwatch.assistance.params import four_fast_targets
from layoffwatch.core.clock import local_day

# The four stages in their order; each stage's target counts from `base` (ADR 0072).
STAGES = [
    ("filed", _("快立"), "received_at"),
    ("mediated", _("快调"), "filed_at"),
    ("heard", _("快审"), "filed_at"),
    ("closed", _("快结"), "filed_at"),
]


class RightsCase(models.Model):
    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("投诉举报")
        MEDIATION = "mediation", _("劳动争议调解")
        ARBITRATION = "arbitration", _("劳动人事争议仲裁")
        INSPECTION = "inspection", _("劳动保障监察")
        WAGE_ARREARS = "wage_arrears", _("欠薪案件")

    class DisputeType(models.TextChoices):
        WAGES = "wages", _("拖欠工资")
        SEVERANCE = "severance", _("经济补偿")
        TERMINATION = "termination", _("解除（终止）劳动合同")
        SOCIAL_INSURANCE = "social_insurance", _("社会保险")
        OTHER = "other", _("其他")

    kind = models.CharField(_("案件类别"), max_length=20, choices=Kind.choices)
    dispute_type = models.CharField(_("争议类型"), max_length=20, choices=DisputeType.choices)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("用人单位"),
        on_delete=models.PROTECT,
        related_name="rights_cases",
    )
    alert = models.ForeignKey(
        "alerts.Alert",
        verbose_name=_("关联预警"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rights_cases",
    )
    summary = models.CharField(_("案情摘要"), max_length=500)
    workers_involved = models.PositiveIntegerField(_("涉及人数"))
    migrant_workers = models.BooleanField(_("涉及农民工"), default=False)
    amount_claimed = models.DecimalField(
        _("请求金额（元）"), max_digits=14, decimal_places=2, default=0
    )
    amount_owed = models.DecimalField(
        _("欠薪金额（元）"), max_digits=14, decimal_places=2, default=0
    )
    amount_paid = models.DecimalField(
        _("已清偿金额（元）"), max_digits=14, decimal_places=2, default=0
    )
    received_at = models.DateTimeField(_("收到时间"))
    filed_at = models.DateTimeField(_("立案时间"), null=True, blank=True)
    mediated_at = models.DateTimeField(_("调解时间"), null=True, blank=True)
    heard_at = models.DateTimeField(_("审理（检查）时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    outcome = models.CharField(_("处理结果"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = verbose_name_plural = _("权益维护案件")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} {self.enterprise.name}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def outstanding(self):
        return max(self.amount_owed - self.amount_paid, 0)

    def stage_rows(self, *, now: dt.datetime, targets: dict | None = None) -> list[dict]:
        """Each stage: its time, due time and whether it is (or was) overdue. Targets are those in
        force on the day the case was received (a later change never re-times a case); a list
        passes them in, read once per day (reading them is a query, ADR 0092)."""
        if targets is None:
            targets = four_fast_targets(self.received_day)
        rows = []
        for key, label, base_field in STAGES:
            base = getattr(self, base_field)
            done = getattr(self, f"{key}_at")
            days = targets.get(key)
            due = base + dt.timedelta(days=days) if base is not None and days else None
            skipped = done is None and self.closed_at is not None
            overdue = bool(due) and not skipped and ((done or now) > due)
            rows.append(
                {
                    "key": key,
                    "label": label,
                    "at": done,
                    "due": due,
                    "days": days,
                    "overdue": overdue,
                    "skipped": skipped,
                }
            )
        return rows

    @property
    def received_day(self) -> dt.date:
        return local_day(self.received_at)

    def overdue_stages(self, *, now: dt.datetime, targets: dict | None = None) -> list[str]:
        return [str(r["label"]) for r in self.stage_rows(now=now, targets=targets) if r["overdue"]]


class ArrearsPayment(models.Model):
    """A payment of owed wages on a wage-arrears case (plan S4.6: wages paid on time)."""

    case = models.ForeignKey(RightsCase, on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField(_("清偿日期"))
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)
    workers = models.PositiveIntegerField(_("涉及人数"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = verbose_name_plural = _("欠薪清偿")

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount}"
