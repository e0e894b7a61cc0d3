"""Direct reporting (监测直报, plan S3.1.1–S3.1.2): layoff and monthly reports, receipts, QR links.

Each row of LayoffReport / MonthlyReport is one *version* with its own receipt number. A
correction is a new row in the same series (`series_no`); every version is kept, and only the row
with `is_current=True` counts. Withdrawal (staff only, with a reason) marks the current version.
"""

import secrets

from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layoffwatch.core.clock import local_day
from layoffwatch.core.crypto import EncryptedTextField
from layoffwatch.core.recorded import reasons_shown
from layoffwatch.core.validators import validate_phone

MAX_COUNT = 100_000


class Channel(models.TextChoices):
    QR = "qr", _("扫码填报")
    PHONE = "phone", _("电话报告")
    WRITTEN = "written", _("书面报告")
    API = "api", _("接口")
    BULK = "bulk", _("批量上传")
    STAFF = "staff", _("工作人员录入")


class Receipt(models.Model):
    """The receipt sequence (回执编号): `ZB-<date issued>-<sequence>`, unique by construction."""

    class Kind(models.TextChoices):
        LAYOFF = "layoff", _("裁员报告")
        MONTHLY = "monthly", _("月度用工报告")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("回执")

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        day = local_day(self.issued_at)
        return f"ZB-{day:%Y%m%d}-{self.pk:06d}"


# A receipt's correction code (更正码, ADR 0083): random, never derived from the sequential receipt
# number; without 0/O, 1/I/L so that it is read off a printed receipt without mistakes.
CORRECTION_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CORRECTION_CODE_LENGTH = 8


def new_correction_code() -> str:
    return "".join(secrets.choice(CORRECTION_CODE_ALPHABET) for _i in range(CORRECTION_CODE_LENGTH))


def correction_code_matches(report, given: str) -> bool:
    """Whether `given` (as typed: any case, spaces or a dash) is the report's correction code."""
    typed = "".join(ch for ch in (given or "").upper() if ch.isalnum())
    return bool(report.correction_code) and secrets.compare_digest(
        typed.encode(), report.correction_code.encode()
    )


class ReportBase(models.Model):
    receipt_no = models.CharField(_("回执编号"), max_length=40, unique=True)
    # ADR 0083: who holds it may view and correct the report through the QR link anonymously
    correction_code = models.CharField(
        _("更正码"), max_length=16, default=new_correction_code, editable=False
    )
    series_no = models.CharField(_("首次报告回执编号"), max_length=40, db_index=True)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    is_current = models.BooleanField(_("现行版本"), default=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("报告渠道"), max_length=10, choices=Channel.choices)
    submitted_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("提交人（账号）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    # Telephone and written reports: who called / which document, entered by staff.
    source_note = models.CharField(_("来电人或来文"), max_length=200, blank=True)
    attachment = models.FileField(_("扫描件"), upload_to="reporting/%Y/%m/", blank=True)
    remarks = models.TextField(_("备注"), blank=True, max_length=2000)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("撤回人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_reason = models.CharField(_("撤回原因"), max_length=500, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.receipt_no

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class LayoffReport(ReportBase):
    """裁员报告 (plan S3.1.1): a decided cut of 20+ people, in one or several waves."""

    class Reason(models.TextChoices):
        ORDERS = "orders", _("订单减少、生产经营困难")
        RESTRUCTURING = "restructuring", _("转产、重大技术革新或经营方式调整")
        RELOCATION = "relocation", _("搬迁")
        BANKRUPTCY = "bankruptcy", _("破产重整")
        CONTRACT = "contract", _("劳动合同订立时所依据的客观经济情况发生重大变化")
        OTHER = "other", _("其他")

    agency = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("报告的人力资源服务机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # plan S3.1.2: an agency's co-report is counted once with the enterprise's own report.
    counted_in = models.ForeignKey(
        "self",
        verbose_name=_("已并入的企业报告"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="co_reports",
    )
    planned_cut = models.PositiveIntegerField(
        _("计划裁减人数（含派遣）"), validators=[MaxValueValidator(MAX_COUNT)]
    )
    dispatched_cut = models.PositiveIntegerField(
        _("其中派遣人员"), default=0, validators=[MaxValueValidator(MAX_COUNT)]
    )
    is_closure = models.BooleanField(_("关闭停业"), default=False)
    reasons = models.JSONField(_("裁员原因"), default=list, blank=True)
    reasons_text = models.CharField(_("原因说明"), max_length=1000, blank=True)
    jobs_affected = models.CharField(_("涉及岗位或群体"), max_length=500, blank=True)
    union_consulted = models.BooleanField(_("已听取工会或职工意见"), default=False)
    resettlement_plan = models.TextField(_("职工安置方案"), blank=True, max_length=5000)
    resettlement_file = models.FileField(
        _("职工安置方案附件"), upload_to="reporting/plans/%Y/%m/", blank=True
    )
    severance_status = models.CharField(_("经济补偿及欠薪情况"), max_length=500, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=40)
    contact_phone = models.CharField(_("联系电话"), max_length=20, validators=[validate_phone])
    # Grading at arrival (ARCHITECTURE: a later policy change never regrades history).
    policy_version = models.CharField(_("政策参数版本"), max_length=80, blank=True)
    grading = models.JSONField(_("定级结果"), default=dict, blank=True)
    alert = models.ForeignKey(
        "alerts.Alert",
        verbose_name=_("预警"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="layoff_reports",
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = verbose_name_plural = _("裁员报告")
        indexes = [models.Index(fields=["enterprise", "is_current"])]
        constraints = [
            models.UniqueConstraint(
                fields=["series_no"],
                condition=models.Q(is_current=True),
                name="layoff_one_current_version",
            )
        ]


class LayoffWave(models.Model):
    """One wave (批次) of a layoff report version: the date and the number cut that day."""

    report = models.ForeignKey(LayoffReport, on_delete=models.CASCADE, related_name="waves")
    date = models.DateField(_("裁员日期"))
    count = models.PositiveIntegerField(_("人数"), validators=[MaxValueValidator(MAX_COUNT)])

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = verbose_name_plural = _("裁员批次")

    def __str__(self) -> str:
        return f"{self.date} {self.count}"


PERIOD_RE = RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", _("月份格式应为 YYYY-MM，如 2026-11"))


class MonthlyReport(ReportBase):
    """月度用工报告 (plan S3.1.1 “本月人员增减、经营、工资发放、下月增减”)."""

    class Operating(models.TextChoices):
        NORMAL = "normal", _("正常")
        REDUCED = "reduced", _("减产")
        HALTED = "halted", _("停产")

    period = models.CharField(_("报告月份"), max_length=7, validators=[PERIOD_RE])
    headcount_start = models.PositiveIntegerField(
        _("月初职工人数"), validators=[MaxValueValidator(MAX_COUNT)]
    )
    headcount_end = models.PositiveIntegerField(
        _("月末职工人数"), validators=[MaxValueValidator(MAX_COUNT)]
    )
    hires = models.PositiveIntegerField(
        _("本月新增"), default=0, validators=[MaxValueValidator(MAX_COUNT)]
    )
    separations = models.PositiveIntegerField(
        _("本月减少"), default=0, validators=[MaxValueValidator(MAX_COUNT)]
    )
    dispatched_hires = models.PositiveIntegerField(
        _("其中派遣新增"), default=0, validators=[MaxValueValidator(MAX_COUNT)]
    )
    dispatched_separations = models.PositiveIntegerField(
        _("其中派遣减少"), default=0, validators=[MaxValueValidator(MAX_COUNT)]
    )
    operating_status = models.CharField(
        _("本月经营状况"), max_length=10, choices=Operating.choices, default=Operating.NORMAL
    )
    revenue_change_pct = models.DecimalField(
        _("营业收入同比变化（%）"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    wages_paid_in_full = models.BooleanField(_("工资足额按时发放"), default=True)
    wage_arrears_amount = models.DecimalField(
        _("欠薪金额（元）"), max_digits=14, decimal_places=2, default=0
    )
    wage_arrears_months = models.PositiveSmallIntegerField(_("欠薪月数"), default=0)
    planned_hires_next = models.PositiveIntegerField(
        _("下月计划新增"), default=0, validators=[MaxValueValidator(MAX_COUNT)]
    )
    planned_cuts_next = models.PositiveIntegerField(
        _("下月计划减少"), default=0, validators=[MaxValueValidator(MAX_COUNT)]
    )
    planned_dispatched_hires_next = models.PositiveIntegerField(
        _("其中派遣新增"), default=0, validators=[MaxValueValidator(MAX_COUNT)]
    )
    planned_dispatched_cuts_next = models.PositiveIntegerField(
        _("其中派遣减少"), default=0, validators=[MaxValueValidator(MAX_COUNT)]
    )
    # ADR 0056: 月末 − (月初 + 本月新增 − 本月减少), all dispatched staff included; not 0 only when
    # the reporter confirmed the figures as they are and said why (staff see it on the report).
    headcount_gap = models.IntegerField(_("人数差额"), default=0)
    headcount_gap_note = models.CharField(_("人数不平的原因"), max_length=500, blank=True)

    class Meta:
        ordering = ["-period", "-submitted_at"]
        verbose_name = verbose_name_plural = _("月度用工报告")
        indexes = [models.Index(fields=["enterprise", "period", "is_current"])]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "period"],
                condition=models.Q(is_current=True),
                name="monthly_one_current_version",
            )
        ]

    @property
    def headcount_expected(self) -> int:
        """月初 + 本月新增 − 本月减少: what 月末 comes to when the figures add up (ADR 0056)."""
        return self.headcount_start + self.hires - self.separations


class IdempotencyRecord(models.Model):
    """An API write's Idempotency-Key: the same key and body replay the original answer."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    body_sha256 = models.CharField(max_length=64)
    # Stored with the report in its transaction (ADR 0047), so it always holds the answer.
    receipt_no = models.CharField(max_length=40, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True)
    response = models.JSONField(null=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="uniq_idempotency_key")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class QrLink(models.Model):
    """The signed-by-randomness, revocable link of an enterprise's QR code (扫码填报)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="qr_links"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # set on creation from reporting.qr_link_valid_days (ADR 0083); the printed notice shows it
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("填报二维码")

    def __str__(self) -> str:
        return f"{self.enterprise} {self.token[:6]}…"

    def expired(self, at) -> bool:
        return self.expires_at is not None and self.expires_at <= at


class FormNonce(models.Model):
    """One-time nonce of a public form: a replayed POST finds it used and gets the first receipt."""

    link = models.ForeignKey(QrLink, on_delete=models.CASCADE, related_name="nonces")
    value = models.CharField(max_length=64, unique=True, default=new_token)
    issued_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)
    receipt_no = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return f"{self.value[:6]}… {self.receipt_no}"


class AffectedWorker(models.Model):
    """One person on a layoff report's roster of affected workers (受影响职工名单, optional XLSX).

    The ID number and phone are encrypted at rest (core.crypto) and masked on screen; `id_hash`
    (core.pii.keyed_hash) keeps one row per person per report and lets assistance (ADR 0070)
    find the same person without the clear number. The uploaded file itself is not kept.
    """

    class Intention(models.TextChoices):
        JOB = "job", _("就业")
        TRAINING = "training", _("培训")
        ENTREPRENEURSHIP = "entrepreneurship", _("创业")
        NONE = "none", _("暂无")

    report = models.ForeignKey(LayoffReport, on_delete=models.CASCADE, related_name="roster")
    name = models.CharField(_("姓名"), max_length=40)
    id_number = EncryptedTextField(_("身份证号码"))
    id_hash = models.CharField(max_length=64, db_index=True)
    phone = EncryptedTextField(_("联系电话"), blank=True)
    intention = models.CharField(
        _("意向"), max_length=20, choices=Intention.choices, default=Intention.NONE
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = verbose_name_plural = _("受影响职工")
        constraints = [
            models.UniqueConstraint(fields=["report", "id_hash"], name="roster_one_row_per_person")
        ]

    def __str__(self) -> str:
        return self.name


class MissingReportFinding(models.Model):
    """未报告发现: a monthly report shows a cut that reaches the reporting threshold (policy
    `reporting_duty`, plan S3.1.1) but the enterprise has filed no layoff report for it."""

    class Basis(models.TextChoices):
        SEPARATIONS = "separations", _("本月减少人数")
        PLANNED = "planned_cuts", _("下月计划减少人数")

    class Status(models.TextChoices):
        OPEN = "open", _("待跟进")
        RESOLVED = "resolved", _("已处理")

    class Resolution(models.TextChoices):
        REPORTED = "reported", _("企业已补报裁员报告")
        NOT_LAYOFF = "not_layoff", _("经核实不属于裁员（正常流动、合同到期等）")
        OTHER = "other", _("其他")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    monthly_report = models.ForeignKey(
        MonthlyReport,
        verbose_name=_("月度用工报告"),
        on_delete=models.PROTECT,
        related_name="findings",
    )
    period = models.CharField(_("涉及月份"), max_length=7)
    basis = models.CharField(_("依据"), max_length=20, choices=Basis.choices)
    count = models.PositiveIntegerField(_("人数（含派遣）"))
    dispatched = models.PositiveIntegerField(_("其中派遣"), default=0)
    policy_version = models.CharField(_("政策参数版本"), max_length=80)
    reasons = models.JSONField(_("依据说明"), default=list)
    # the recorded message of each reason (ADR 0100): the page says them in the reader's language
    reason_messages = models.JSONField(_("依据说明（记录的消息）"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    raised_at = models.DateTimeField(_("发现时间"), default=timezone.now)
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution = models.CharField(
        _("处理结果"), max_length=20, choices=Resolution.choices, blank=True
    )
    resolution_note = models.CharField(_("处理说明"), max_length=500, blank=True)
    layoff_report = models.ForeignKey(
        LayoffReport,
        verbose_name=_("补报的裁员报告"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = verbose_name_plural = _("未报告裁员发现")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "period", "basis"],
                condition=models.Q(status="open"),
                name="finding_one_open_per_month_and_basis",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.period} {self.get_basis_display()} {self.count}"

    @property
    def reasons_shown(self) -> list[str]:
        """The policy's reasons in the reader's language; as stored for an older finding."""
        return reasons_shown(self.reasons, self.reason_messages)


class ReminderRun(models.Model):
    """One month's reminder round (催报): run once per period, on or after the due day."""

    period = models.CharField(_("报告月份"), max_length=7, unique=True)
    due_on = models.DateField(_("报送截止日"))
    ran_at = models.DateTimeField(_("催报时间"), default=timezone.now)
    overdue = models.PositiveIntegerField(_("逾期未报企业数"), default=0)
    people_told = models.PositiveIntegerField(_("通知人数"), default=0)

    class Meta:
        ordering = ["-period"]
        verbose_name = verbose_name_plural = _("月度催报记录")

    def __str__(self) -> str:
        return f"{self.period} {self.overdue}"
