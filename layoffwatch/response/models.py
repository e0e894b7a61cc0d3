"""Response cases (处置, plan S5.0–S5.3): the procedure's steps, the annex tasks, filings and
reports out, major problems and the written report (plan S6.2).

A case belongs to one alert. Its steps and tasks are copies of what the policy in force
prescribed when they opened (ARCHITECTURE: a later policy change never rewrites a case).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layoffwatch.core.recorded import MESSAGE_KEY, shown

from .wording import missing_facts


class ResponseCase(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("处置中")
        CLOSED = "closed", _("已结案")

    alert = models.OneToOneField(
        "alerts.Alert", verbose_name=_("预警"), on_delete=models.PROTECT, related_name="case"
    )
    level = models.PositiveSmallIntegerField(_("处置等级"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("立案时间"))
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    policy_version = models.CharField(_("政策参数版本"), max_length=80)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = verbose_name_plural = _("处置案件")

    def __str__(self) -> str:
        return f"处置 #{self.pk} {self.alert.enterprise.name}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Deadline(models.Model):
    """What steps and tasks share: a due time, whether the calendar could resolve it, escalation."""

    due_at = models.DateTimeField(_("时限"), null=True, blank=True)
    # plan S5: "working days" need the holiday calendar; a year it does not know yet falls back to
    # plain weekdays and the deadline is shown as provisional (reference/calendar.is_resolved).
    due_provisional = models.BooleanField(_("时限待核定"), default=False)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("完成人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 0 not escalated, 1 told the section head, 2 told the responsible leader (daily job)
    escalation = models.PositiveSmallIntegerField(_("催办级别"), default=0)
    escalated_at = models.DateTimeField(_("催办时间"), null=True, blank=True)
    # ADR 0053: a case closes with this item still open only when the person who closes it (the
    # approving leader for a level-1 lift) gives the reason; printed in the written report (S6.2)
    unfinished_reason = models.TextField(_("未完成原因"), blank=True)
    unfinished_reason_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("原因说明人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unfinished_reason_at = models.DateTimeField(_("原因说明时间"), null=True, blank=True)

    class Meta:
        abstract = True

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return self.done_at is None and self.due_at is not None and self.due_at < now


class CaseStep(Deadline):
    """One step of the procedure (response.yaml › levels › N › steps)."""

    case = models.ForeignKey(ResponseCase, on_delete=models.CASCADE, related_name="steps")
    level = models.PositiveSmallIntegerField(_("所属等级"))
    order = models.PositiveSmallIntegerField(default=0)
    key = models.CharField(max_length=40)
    title = models.CharField(_("步骤"), max_length=200)
    actor = models.CharField(_("执行者代码"), max_length=40)
    actor_name = models.CharField(_("执行者"), max_length=80)
    notify = models.JSONField(_("报告对象代码"), default=list, blank=True)
    notify_names = models.JSONField(_("报告对象"), default=list, blank=True)
    document = models.CharField(max_length=40, blank=True)
    document_name = models.CharField(_("文书"), max_length=120, blank=True)
    clause = models.CharField(_("预案条款"), max_length=20)
    deadline = models.JSONField(_("时限规则"), null=True, blank=True)
    deadline_text = models.CharField(_("时限要求"), max_length=40, blank=True)
    note = models.TextField(_("办理情况"), blank=True)
    attachment = models.FileField(_("文书附件"), upload_to="response/steps/%Y/%m/", blank=True)

    class Meta:
        ordering = ["level", "order", "pk"]
        verbose_name = verbose_name_plural = _("处置步骤")
        constraints = [
            models.UniqueConstraint(fields=["case", "level", "key"], name="step_once_per_level")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def from_closure(self) -> bool:
        return bool(self.deadline) and self.deadline.get("from") == "closure"

    @property
    def needs_filings(self) -> bool:
        """A step that reports to bodies outside the bureau is done when every body has a filing."""
        return bool(self.document) and bool(self.external_bodies)

    @property
    def external_bodies(self) -> list[str]:
        return [b for b in self.notify if b in EXTERNAL_BODIES]


# Bodies outside the bureau: a report to them is a filing (time, recipient, channel, document).
EXTERNAL_BODIES = {
    "district_party_committee",
    "district_government",
    "municipal_bureau",
    "municipal_party_committee",
    "municipal_government",
}


class CaseTask(Deadline):
    """One annex task (任务分解表) opened for the case, assigned to its lead unit."""

    case = models.ForeignKey(ResponseCase, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("序号"))
    category_name = models.CharField(_("任务类别"), max_length=40)
    content = models.TextField(_("任务内容"))
    lead = models.CharField(_("牵头单位代码"), max_length=40)
    lead_name = models.CharField(_("牵头单位"), max_length=60)
    cooperating = models.JSONField(_("配合单位代码"), default=list, blank=True)
    cooperating_names = models.JSONField(_("配合单位"), default=list, blank=True)
    leader_role = models.CharField(_("责任领导角色代码"), max_length=40)
    leader_role_name = models.CharField(_("责任领导"), max_length=60)
    clause = models.CharField(_("预案条款"), max_length=40)
    why = models.JSONField(_("启动原因"), default=list, blank=True)
    opened_at = models.DateTimeField(_("启动时间"))

    class Meta:
        ordering = ["number"]
        verbose_name = verbose_name_plural = _("处置任务")
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="task_once_per_case")
        ]

    def __str__(self) -> str:
        return f"第{self.number}项 {self.lead_name}"


class TaskNote(models.Model):
    """Progress on a task: a note and, if any, an attachment."""

    task = models.ForeignKey(CaseTask, on_delete=models.CASCADE, related_name="notes")
    at = models.DateTimeField(_("时间"))
    author = models.ForeignKey(
        "accounts.User", verbose_name=_("填写人"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("进展情况"))
    attachment = models.FileField(_("附件"), upload_to="response/tasks/%Y/%m/", blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = verbose_name_plural = _("任务进展")

    def __str__(self) -> str:
        return self.text[:40]


class Channel(models.TextChoices):
    DOCUMENT_EXCHANGE = "document", _("公文交换")
    SECURE_FAX = "fax", _("机要传真")
    EMAIL = "email", _("电子邮件（政务外网）")
    PHONE = "phone", _("电话报告")
    IN_PERSON = "in_person", _("当面报送")


class Filing(models.Model):
    """A filing or report out (报送记录): to whom, when, how, with which document; late or not."""

    class Kind(models.TextChoices):
        ALERT_REPORT = "report", _("预警情况报告")
        PLAN_FILING = "filing", _("风险防控方案备案")
        ONWARD_REPORT = "escalate", _("报告市委、市政府")
        WRITTEN_REPORT = "written_report", _("书面报告")
        MAJOR_PROBLEM = "major_problem", _("重大问题实时报送")
        OTHER = "other", _("其他报送")

    case = models.ForeignKey(ResponseCase, on_delete=models.CASCADE, related_name="filings")
    step = models.ForeignKey(
        CaseStep, null=True, blank=True, on_delete=models.PROTECT, related_name="filings"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    recipient = models.CharField(_("报送对象代码"), max_length=40)
    recipient_name = models.CharField(_("报送对象"), max_length=60)
    sent_at = models.DateTimeField(_("报送时间"))
    channel = models.CharField(_("报送方式"), max_length=20, choices=Channel.choices)
    document_title = models.CharField(_("文书标题/文号"), max_length=200)
    document = models.FileField(_("文书"), upload_to="response/filings/%Y/%m/", blank=True)
    due_at = models.DateTimeField(_("时限"), null=True, blank=True)
    late = models.BooleanField(_("逾期"), default=False)
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = verbose_name_plural = _("报送记录")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_name}"


class MajorProblem(models.Model):
    """plan S6.2 “处置过程中遇到的重大问题，要实时报送”: an entry and its immediate short report."""

    case = models.ForeignKey(ResponseCase, on_delete=models.CASCADE, related_name="problems")
    at = models.DateTimeField(_("发现时间"))
    reported_by = models.ForeignKey(
        "accounts.User", verbose_name=_("报告人"), on_delete=models.PROTECT, related_name="+"
    )
    summary = models.CharField(_("问题概要"), max_length=200)
    details = models.TextField(_("详细情况"))
    short_report = models.TextField(_("简要报告"))

    class Meta:
        ordering = ["-at"]
        verbose_name = verbose_name_plural = _("重大问题")

    def __str__(self) -> str:
        return self.summary


class WrittenReport(models.Model):
    """plan S6.2: the written report to the municipal bureau; editable until a leader signs off."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SIGNED = "signed", _("已签发")

    case = models.OneToOneField(
        ResponseCase, on_delete=models.CASCADE, related_name="written_report"
    )
    title = models.CharField(_("标题"), max_length=200)
    recipient = models.CharField(_("主送机关"), max_length=60)
    issuing_unit = models.CharField(_("发文机关"), max_length=60)
    report_date = models.DateField(_("成文日期"))
    sections = models.JSONField(_("正文各部分"), default=list)
    policy_version = models.CharField(_("政策参数版本"), max_length=80)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    updated_at = models.DateTimeField(_("修改时间"))
    updated_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = _("书面报告")

    def __str__(self) -> str:
        return self.title

    def facts_to_fill(self) -> list[tuple[str, str]]:
        """Each 待填写 left in the text: (section title, the fact it stands for) (ADR 0054)."""
        return missing_facts(title=self.title, sections=self.sections)


class CaseEvent(models.Model):
    """The case's timeline (who, when, what); the alert's own events are merged in on the page."""

    case = models.ForeignKey(ResponseCase, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("操作人"), max_length=80, blank=True)
    kind = models.CharField(_("事项"), max_length=30)
    summary = models.CharField(_("说明"), max_length=500)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = verbose_name_plural = _("处置事件")

    def __str__(self) -> str:
        return self.summary

    @property
    def summary_shown(self) -> str:
        """The summary in the reader's language (ADR 0100, amended 2026-12-07 (2))."""
        return shown(self.data.get(MESSAGE_KEY), self.summary)


class Assignment(models.Model):
    """Who a duty falls on: a section's head (科室负责人) or a responsible leader role (责任领导).

    The annex names leaders by role (annex_tasks.yaml › leader_roles); an administrator assigns the
    people here, so staff changes never touch the policy or the code (ADR 0016, ADR 0052).
    """

    class Kind(models.TextChoices):
        SECTION_HEAD = "section_head", _("科室（单位）负责人")
        LEADER = "leader", _("责任领导")

    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    key = models.CharField(
        _("科室代码或责任领导角色代码"),
        max_length=40,
        help_text=_(
            "科室负责人填科室代码（如 talent_center）；责任领导填角色代码（如 leader_employment）"
        ),
    )
    user = models.ForeignKey(
        "accounts.User", verbose_name=_("人员"), on_delete=models.CASCADE, related_name="duties"
    )

    class Meta:
        verbose_name = verbose_name_plural = _("责任人指定")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "user"], name="assignment_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key}: {self.user}"
