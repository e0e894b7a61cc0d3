"""The reporting blacklist (plan S6.3): candidates, review, the leader's decision, listing for the
policy's period, early removal, and what is published."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BlacklistEntry(models.Model):
    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("候选")
        DECIDED = "decided", _("已决定列入，待公布")
        DISMISSED = "dismissed", _("不予列入")
        LISTED = "listed", _("已公布")
        REMOVED = "removed", _("已移出")

    # The small state machine (STYLE); every transition goes through credit.services.
    TRANSITIONS = {
        Status.CANDIDATE: (Status.DECIDED, Status.DISMISSED),
        Status.DECIDED: (Status.LISTED,),
        Status.DISMISSED: (),
        Status.LISTED: (Status.REMOVED,),
        Status.REMOVED: (),
    }

    class Source(models.TextChoices):
        RECONCILIATION = "reconciliation", _("大数据比对")
        REPORT_CHECK = "report_check", _("报告核实")
        STAFF = "staff", _("工作人员发现")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="blacklist_entries",
    )
    finding = models.CharField(_("情形"), max_length=20)
    reason = models.CharField(_("事由"), max_length=500)
    evidence = models.TextField(_("证据"), max_length=5000)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    source_ref = models.CharField(_("来源编号"), max_length=80, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default="candidate")
    explanation = models.TextField(_("企业陈述申辩"), blank=True, max_length=5000)
    explanation_at = models.DateTimeField(_("陈述申辩时间"), null=True, blank=True)
    bad_social_impact = models.BooleanField(_("造成恶劣社会影响"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人（分管局领导）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decision_note = models.CharField(_("决定意见"), max_length=500, blank=True)
    listed_on = models.DateField(_("公布日期"), null=True, blank=True)
    expires_on = models.DateField(_("公布期满"), null=True, blank=True)
    compliant_since = models.DateField(_("守信起算日"), null=True, blank=True)
    removed_at = models.DateTimeField(_("移出时间"), null=True, blank=True)
    removed_reason = models.CharField(_("移出原因"), max_length=500, blank=True)
    policy_version = models.CharField(_("政策参数版本"), max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = _("黑名单")

    def __str__(self) -> str:
        return f"{self.enterprise.name}（{self.get_status_display()}）"
