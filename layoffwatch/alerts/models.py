"""Alerts (预警, plan S3.2), their lifecycle events, lift requests, the district assessment history
and in-app notifications."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layoffwatch.core.clock import local_datetime
from layoffwatch.core.recorded import MESSAGE_KEY, shown


class Alert(models.Model):
    """One warning for one enterprise: the level reached by its cuts within the window.

    There is at most one open alert per enterprise and window; a new wave raises the level
    (1 is the most severe) and never lowers it (lifting is a decision, plan S5.3, ADR 0050).
    """

    class Level(models.IntegerChoices):
        SEVERE = 1, _("一级预警（严重）")
        SERIOUS = 2, _("二级预警（较重）")
        MINOR = 3, _("三级预警（轻微）")

    class Status(models.TextChoices):
        RAISED = "raised", _("已发布")
        RESPONDING = "responding", _("处置中")
        UNDER_CONTROL = "under_control", _("已控制")
        LIFTED = "lifted", _("已解除")

    # The small state machine (STYLE: one service, every transition an event). A new wave puts
    # an alert that was under control back into the response (alerts.services.alert_raise_or_escalate).
    TRANSITIONS = {
        Status.RAISED: (Status.RESPONDING,),
        Status.RESPONDING: (Status.UNDER_CONTROL,),
        Status.UNDER_CONTROL: (Status.RESPONDING, Status.LIFTED),
        Status.LIFTED: (),
    }
    OPEN = (Status.RAISED, Status.RESPONDING, Status.UNDER_CONTROL)

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="alerts",
    )
    level = models.PositiveSmallIntegerField(_("预警等级"), choices=Level.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.RAISED
    )
    total_in_window = models.PositiveIntegerField(_("计算期内合计裁员人数"), default=0)
    split = models.BooleanField(_("分批裁员"), default=False)
    # The dates of the waves it covers: a later wave joins this alert while it lies within the window.
    first_wave_on = models.DateField(_("首批日期"))
    last_wave_on = models.DateField(_("末批日期"))
    facts = models.JSONField(_("定级依据"), default=dict, blank=True)
    policy_version = models.CharField(_("政策参数版本"), max_length=80)
    opened_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("解除人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lift_reason = models.TextField(_("解除理由"), blank=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = verbose_name_plural = _("预警")
        indexes = [models.Index(fields=["enterprise", "status", "last_wave_on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(level__in=[1, 2, 3]), name="alert_level_1_3")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_level_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.Status(self.status), ())


class AlertEvent(models.Model):
    """One thing that happened to an alert (who, when, what): the alert's own history."""

    class Kind(models.TextChoices):
        RAISED = "raised", _("发布预警")
        ESCALATED = "escalated", _("预警升级")
        WAVE = "wave", _("新一批裁员计入")
        STATUS = "status", _("状态变更")
        LIFT_REQUESTED = "lift_requested", _("申请解除")
        LIFT_APPROVED = "lift_approved", _("批准解除")
        LIFT_REFUSED = "lift_refused", _("不予批准解除")
        LIFTED = "lifted", _("解除预警")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("操作人"), max_length=80, blank=True)
    kind = models.CharField(_("事项"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, blank=True)
    summary = models.CharField(_("说明"), max_length=500)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = verbose_name_plural = _("预警事件")

    def __str__(self) -> str:
        return self.summary

    @property
    def summary_shown(self) -> str:
        """The summary in the reader's language (ADR 0100, amended 2026-12-07 (2))."""
        return shown(self.data.get(MESSAGE_KEY), self.summary)


class LiftRequest(models.Model):
    """plan S5.3 “经报批预警可以解除”: a request to lift, and a leader's decision on it."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("不予批准")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="lift_requests")
    requested_by = models.ForeignKey(
        "accounts.User", verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"))
    reason = models.TextField(_("解除理由"))
    decision = models.CharField(
        _("审批结果"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见（含区委、区政府批准文件）"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = verbose_name_plural = _("解除预警报批")

    def __str__(self) -> str:
        return f"{self.alert} {self.get_decision_display()}"


class DistrictAssessment(models.Model):
    """plan S3.2 综合评定: one row each time an alert changes (the grade's history)."""

    at = models.DateTimeField(_("评定时间"))
    grade = models.PositiveSmallIntegerField(_("等次"), null=True, blank=True)
    label = models.CharField(_("等次名称"), max_length=40, blank=True)
    score = models.FloatField(_("分值"), default=0)
    open_alerts = models.JSONField(_("未解除预警数"), default=dict)
    reasons = models.JSONField(_("评定依据"), default=list)
    policy_version = models.CharField(_("政策参数版本"), max_length=80)
    trigger = models.CharField(_("触发事项"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = verbose_name_plural = _("全区综合评定")

    def __str__(self) -> str:
        return f"{local_datetime(self.at):%Y-%m-%d %H:%M} {self.label}"
