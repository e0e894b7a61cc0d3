"""Imports of the data feeds, the signals the detectors find, their verification, and clues from
the human channels (plan S3.1.3–S3.1.5, S6.1)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from layoffwatch.core.recorded import MESSAGE_KEY, Recorded, shown

from .sources import SOURCES


class ImportRun(models.Model):
    """One attempt to import one feed file: what was read, kept and refused, and why."""

    class Status(models.TextChoices):
        IMPORTED = "imported", _("已导入")
        REJECTED = "rejected", _("已拒绝")
        # recorded, file not yet renamed into the lake; finished by recover_publishing (ADR 0087)
        PUBLISHING = "publishing", _("发布中")

    kind = models.CharField(_("数据类型"), max_length=40)
    period = models.CharField(_("月份"), max_length=7, blank=True)
    file_name = models.CharField(_("文件名"), max_length=255)
    file_size = models.BigIntegerField(_("文件大小"), default=0)
    status = models.CharField(_("结果"), max_length=10, choices=Status.choices)
    rows_read = models.BigIntegerField(_("读取行数"), default=0)
    rows_kept = models.BigIntegerField(_("导入行数"), default=0)
    rows_rejected = models.BigIntegerField(_("拒绝行数"), default=0)
    problems = models.JSONField(_("问题"), default=list, blank=True)
    problem_total = models.PositiveIntegerField(_("问题总数"), default=0)
    unknown_employers = models.JSONField(_("名录外单位"), default=list, blank=True)
    replaced = models.BooleanField(_("替换了同月数据"), default=False)
    lake_path = models.CharField(_("数据湖文件"), max_length=300, blank=True)
    # ADR 0087: the temp file (lake-relative) and the SHA-256 of the Parquet file being published
    incoming_path = models.CharField(_("待发布文件"), max_length=300, blank=True)
    sha256 = models.CharField(_("文件校验值"), max_length=64, blank=True)
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = verbose_name_plural = _("数据导入记录")

    def __str__(self) -> str:
        return f"{self.kind_label} {self.period} {self.get_status_display()}"

    @property
    def kind_label(self) -> str:
        """The feed's Chinese name (参保缴费明细 …), as on the upload form."""
        source = SOURCES.get(self.kind)
        return gettext(source.label) if source else self.kind


# The figures a detector stores with its signal (the SQL column names), as staff read them.
FIGURE_LABELS = {
    "employer_uscc": _("单位统一社会信用代码"),
    "town_code": _("镇街代码"),
    "industry_code": _("行业代码"),
    "kind": _("信号类型"),
    "headcount_before": _("上月参保人数"),
    "headcount_now": _("本月参保人数"),
    "headcount_after": _("本月参保人数"),
    "hires": _("本月新增人员（含从其他单位转入）"),
    "net_loss": _("本月参保人数净减少（停缴减去新增）"),
    "usual_separations": _("前几个月平均每月离职减员"),
    "usual_hires": _("前几个月平均每月新增"),
    "usual_net_loss": _("前几个月平均每月净减少"),
    "unusual_loss": _("超出常态的净减员（估计裁员人数）"),
    "base_score": _("风险评分（未计直报比对）"),
    "leavers": _("本月停缴人数"),
    "separations": _("其中离职减员"),
    "job_changes": _("其中到其他单位参保（换工作）"),
    "retirements": _("其中退休"),
    "deaths": _("其中死亡"),
    "transfers_out": _("其中转出"),
    "short_contracts": _("其中上月新入职、本月合同到期（季节性用工）"),
    "rate": _("离职减员占上月参保人数的比例"),
    "moved_to": _("整体转入单位"),
    "moved_to_count": _("转入该单位人数"),
    "reconciliation": _("与直报比对"),
    "registrations": _("失业登记人数"),
    "ui_claims": _("其中申领失业保险"),
    "window_end": _("统计截止日期"),
    "baseline": _("基线（此前各月平均）"),
    "baseline_months": _("基线月数"),
    "rate_last_month": _("上月调查失业率"),
    "jump_month": _("较上月上升（百分点）"),
    "jump_baseline": _("较基线上升（百分点）"),
    "event": _("变更事项"),
    "event_date": _("变更日期"),
    "insured": _("参保人数"),
    "insured_source": _("参保人数来源"),
    "insured_period": _("参保人数月份"),
    "revenue_before": _("上月营业收入（元）"),
    "revenue_now": _("本月营业收入（元）"),
    "drop_share": _("营业收入降幅"),
    "tax_status": _("纳税状态"),
    "jobs_lost": _("减少岗位数"),
    "job_loss_rate": _("岗位流失率"),
    "ratio_last_month": _("上月求人倍率"),
    "ratio": _("本月求人倍率"),
    "vacancies": _("岗位数"),
    "seekers": _("求职人数"),
    "utilisation_last_month": _("上月产能利用率"),
    "utilisation": _("本月产能利用率"),
    "fall_points": _("下降（百分点）"),
    "wage_arrears_months": _("欠薪月数"),
    "wage_arrears_amount": _("欠薪金额（元）"),
    "headcount": _("月报职工人数"),
    # a clue's (services.clues)
    "channel": _("来源渠道"),
    "reported_count": _("反映涉及人数"),
}


class Signal(models.Model):
    """A finding of a detector or a clue from a human channel: a tip until staff verify it.

    One signal per (kind, subject, period): `dedupe_key` makes re-running a period update the
    open signal instead of adding another (ADR 0060).
    """

    class Kind(models.TextChoices):
        MASS_STOPPAGE = "mass_stoppage", _("社保断缴（规模性减员）")
        WORKFORCE_STOP = "workforce_stop", _("全员停缴（关停或欠缴）")
        RESTRUCTURING = "restructuring", _("整体划转（改制重组）")
        CLAIMS_CLUSTER = "claims_cluster", _("失业登记聚集")
        BUSINESS_EVENT = "business_event", _("注销吊销破产或经营异常")
        TAX_DROP = "tax_drop", _("税务收入骤降")
        KEY_SAMPLE_JOB_LOSS = "key_sample_job_loss", _("重点样本企业岗位流失")
        WAGE_ARREARS = "wage_arrears", _("欠薪")
        TOWN_RATE_JUMP = "town_rate_jump", _("镇街调查失业率突升")
        REGISTRATION_SURGE = "registration_surge", _("失业登记激增")
        VACANCY_RATIO_FALL = "vacancy_ratio_fall", _("求人倍率下降")
        CAPACITY_FALL = "capacity_fall", _("行业产能利用率下降")
        CLUE = "clue", _("线索")

    class Status(models.TextChoices):
        TIP = "tip", _("待核实")
        ASSIGNED = "assigned", _("核实中")
        CONFIRMED = "confirmed", _("已确认")
        DISMISSED = "dismissed", _("已排除")
        MERGED = "merged", _("已合并")

    # The small state machine (STYLE): services.signal_transition is the only door.
    TRANSITIONS = {
        Status.TIP: (Status.ASSIGNED, Status.DISMISSED, Status.MERGED),
        Status.ASSIGNED: (Status.CONFIRMED, Status.DISMISSED, Status.MERGED),
        Status.CONFIRMED: (),
        Status.DISMISSED: (),
        Status.MERGED: (),
    }
    OPEN = (Status.TIP, Status.ASSIGNED)

    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signals",
    )
    town = models.ForeignKey(
        "reference.Town", verbose_name=_("镇街"), null=True, blank=True, on_delete=models.PROTECT
    )
    industry = models.ForeignKey(
        "reference.Industry",
        verbose_name=_("行业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    period = models.CharField(_("月份"), max_length=7, db_index=True)
    count = models.PositiveIntegerField(_("涉及人数"), null=True, blank=True)
    score = models.FloatField(_("风险分"), default=0)
    figures = models.JSONField(_("触发数据"), default=dict, blank=True)
    evidence = models.JSONField(_("证据行"), default=list, blank=True)
    summary = models.CharField(_("摘要"), max_length=300)
    # the summary's recorded message ({"msgid": …, "args": …}; core.recorded), names in place of
    # codes as in the summary; empty for a signal recorded before it (ADR 0100, amended
    # 2026-12-07 (5))
    summary_message = models.JSONField(default=dict, blank=True, editable=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.TIP)
    assigned_unit = models.ForeignKey(
        "accounts.Section",
        verbose_name=_("核实牵头单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_to = models.ForeignKey(
        "accounts.User",
        verbose_name=_("核实人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    annex_task = models.PositiveSmallIntegerField(_("任务分解表序号"), default=2)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    alert = models.ForeignKey(
        "alerts.Alert",
        verbose_name=_("预警"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signals",
    )

    class Reconciliation(models.TextChoices):
        REPORTED = "reported", _("已报告")
        UNDER_REPORTED = "under_reported", _("少报")
        UNREPORTED = "unreported", _("未报告")

    # plan S3.1.1 vs S3.1.3: a stoppage found in the data, matched to the direct reports; an
    # unreported one is a finding for the credit process (plan S6.3).
    reconciliation = models.CharField(
        _("与直报比对"), max_length=16, choices=Reconciliation.choices, blank=True
    )
    outcome = models.CharField(_("结论"), max_length=500, blank=True)
    dedupe_key = models.CharField(max_length=120, unique=True)
    policy_version = models.CharField(_("参数版本"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("发现时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        ordering = ["-score", "-created_at", "-pk"]
        verbose_name = verbose_name_plural = _("监测信号")
        indexes = [models.Index(fields=["status", "period"])]

    def __str__(self) -> str:
        return self.summary

    @property
    def summary_shown(self) -> str:
        """The summary in the reader's language: its recorded message (ADR 0100, amended
        2026-12-07 (5)); a signal without one reads as stored."""
        return shown(self.summary_message, self.summary)

    @property
    def summary_recorded(self) -> Recorded | str:
        """The summary as a parameter of another recorded message (发现：…): its message, so
        that the history says it in the reader's language too; the text when it has none."""
        if self.summary_message:
            return Recorded(text=self.summary, message=self.summary_message)
        return self.summary

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.Status(self.status), ())


class SignalEvent(models.Model):
    """One thing that happened to a signal (who, when, what)."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("操作人"), max_length=80, blank=True)
    from_status = models.CharField(_("原状态"), max_length=10, blank=True)
    to_status = models.CharField(_("新状态"), max_length=10, blank=True)
    summary = models.CharField(_("说明"), max_length=500)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = verbose_name_plural = _("信号事件")

    def __str__(self) -> str:
        return self.summary

    @property
    def summary_shown(self) -> str:
        """The summary in the reader's language: the recorded message kept in `data` (ADR 0100,
        amended 2026-12-07 (2)); a row without one reads as stored."""
        return shown(self.data.get(MESSAGE_KEY), self.summary)


class Verification(models.Model):
    """A phone call or visit that checks a signal (ADR 0060: reason, number affected, dates, recall)."""

    class Method(models.TextChoices):
        CALL = "call", _("电话核实")
        VISIT = "visit", _("实地走访")

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="verifications")
    method = models.CharField(_("核实方式"), max_length=10, choices=Method.choices)
    contacted_on = models.DateField(_("核实日期"))
    contact = models.CharField(_("联系对象"), max_length=80, blank=True)
    reason = models.CharField(_("减员原因"), max_length=500)
    affected = models.PositiveIntegerField(_("涉及人数"))
    separation_from = models.DateField(_("减员开始日期"), null=True, blank=True)
    separation_to = models.DateField(_("减员结束日期"), null=True, blank=True)
    recall_expected = models.BooleanField(_("预计召回"), default=False)
    notes = models.TextField(_("备注"), blank=True, max_length=2000)
    by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = verbose_name_plural = _("核实记录")

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.contacted_on}"


class Clue(models.Model):
    """A risk surfaced by a human channel (plan S3.1.5), filed at the clue desk."""

    class Channel(models.TextChoices):
        INSPECTION = "inspection", _("劳动保障监察")
        ARBITRATION = "arbitration", _("劳动人事争议仲裁")
        PHONE = "phone", _("电话投诉")
        SURVEY = "survey", _("抽样调查")
        COMMISSIONER = "commissioner", _("稳企惠企服务专员")
        BROKER = "broker", _("劳务经纪人")
        PUBLIC_OPINION = "public_opinion", _("舆情")

    channel = models.CharField(_("来源渠道"), max_length=20, choices=Channel.choices)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("涉及企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clues",
    )
    town = models.ForeignKey(
        "reference.Town", verbose_name=_("镇街"), null=True, blank=True, on_delete=models.PROTECT
    )
    received_on = models.DateField(_("收到日期"))
    reported_count = models.PositiveIntegerField(_("反映涉及人数"), null=True, blank=True)
    description = models.TextField(_("线索内容"), max_length=2000)
    source_note = models.CharField(_("反映人或来源"), max_length=200, blank=True)
    signal = models.OneToOneField(
        Signal, null=True, blank=True, on_delete=models.SET_NULL, related_name="clue"
    )
    by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = verbose_name_plural = _("线索")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.received_on}"
