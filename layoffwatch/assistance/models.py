"""Affected workers and what was done for them (plan S2.2, S4.2–S4.6).

A person is one record however many layoffs they appear in (`id_hash`, core.pii.keyed_hash, is
unique); the ID number and phone are encrypted at rest (core.crypto) and masked on screen.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from layoffwatch.core.crypto import EncryptedTextField
from layoffwatch.core.pii import mask_id_number, mask_phone


class AffectedWorker(models.Model):
    class Intention(models.TextChoices):
        JOB = "job", _("就业")
        TRAINING = "training", _("培训")
        ENTREPRENEURSHIP = "entrepreneurship", _("创业")
        FLEXIBLE = "flexible", _("灵活就业")
        NONE = "none", _("暂无")

    class Status(models.TextChoices):
        UNEMPLOYED = "unemployed", _("未就业")
        TRAINING = "training", _("培训中")
        PLACED = "placed", _("已就业")
        SELF_EMPLOYED = "self_employed", _("自主创业")
        PUBLIC_WELFARE = "public_welfare", _("公益性岗位")
        NOT_SEEKING = "not_seeking", _("暂不求职")

    # plan S4.5: a zero-employment family is cleared when one of its members works.
    WORKING = (Status.PLACED, Status.SELF_EMPLOYED, Status.PUBLIC_WELFARE)

    class Education(models.TextChoices):
        PRIMARY = "primary", _("小学及以下")
        JUNIOR = "junior", _("初中")
        SENIOR = "senior", _("高中/中专/技校")
        COLLEGE = "college", _("大专")
        BACHELOR = "bachelor", _("本科及以上")
        UNKNOWN = "", _("未填")

    class Source(models.TextChoices):
        ROSTER = "roster", _("裁员报告职工名单")
        STAFF = "staff", _("工作人员录入")

    name = models.CharField(_("姓名"), max_length=40)
    id_number = EncryptedTextField(_("身份证号码"))
    id_hash = models.CharField(max_length=64, unique=True)
    phone = EncryptedTextField(_("联系电话"), blank=True)
    sex = models.CharField(
        _("性别"), max_length=6, choices=[("male", _("男")), ("female", _("女"))]
    )
    birth_date = models.DateField(_("出生日期"))
    education = models.CharField(
        _("文化程度"), max_length=10, choices=Education.choices, blank=True
    )
    occupation = models.CharField(_("原岗位/职业"), max_length=60, blank=True)
    skills = models.CharField(_("技能"), max_length=200, blank=True)
    town = models.ForeignKey(
        "reference.Town",
        verbose_name=_("居住镇街"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    household_code = models.CharField(_("家庭户号"), max_length=40, blank=True)
    zero_employment_family = models.BooleanField(_("零就业家庭"), default=False)
    hardship = models.BooleanField(_("就业困难人员"), default=False)
    intention = models.CharField(
        _("意向"), max_length=20, choices=Intention.choices, default=Intention.JOB
    )
    expected_wage = models.PositiveIntegerField(_("期望月薪（元）"), null=True, blank=True)
    status = models.CharField(
        _("就业状态"), max_length=20, choices=Status.choices, default=Status.UNEMPLOYED
    )
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("原单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="affected_workers",
    )
    report = models.ForeignKey(
        "reporting.LayoffReport",
        verbose_name=_("裁员报告"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assisted_workers",
    )
    alert = models.ForeignKey(
        "alerts.Alert",
        verbose_name=_("预警"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="affected_workers",
    )
    # plan S4.6: unemployment insurance, from the contribution history.
    contribution_months = models.PositiveIntegerField(_("累计缴费月数"), null=True, blank=True)
    contribution_source = models.CharField(_("缴费记录来源"), max_length=20, blank=True)
    ui_eligible = models.BooleanField(_("可领取失业保险金"), null=True, blank=True)
    ui_months = models.PositiveSmallIntegerField(_("最长领取月数"), default=0)
    ui_reasons = models.JSONField(_("核定依据"), default=list, blank=True)
    ui_policy_version = models.CharField(_("政策参数版本"), max_length=80, blank=True)
    ui_checked_on = models.DateField(_("核定日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    AUDIT_FIELDS = [
        "name",
        "sex",
        "birth_date",
        "education",
        "occupation",
        "skills",
        "town",
        "household_code",
        "zero_employment_family",
        "hardship",
        "intention",
        "expected_wage",
        "status",
        "enterprise",
        "report",
        "alert",
        "contribution_months",
        "ui_eligible",
        "ui_months",
    ]  # fmt: skip  (never the ID number or phone: the audit log keeps no clear PII)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = _("受影响职工")

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def age_on(self, day) -> int:
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    @property
    def is_working(self) -> bool:
        return self.status in self.WORKING

    @property
    def family_key(self) -> str:
        return self.household_code or f"worker-{self.pk}"


class AssistancePlan(models.Model):
    """一人一策 (plan S4.5): one per person, open until placed or closed with a reason."""

    class Status(models.TextChoices):
        OPEN = "open", _("帮扶中")
        CLOSED = "closed", _("已结案")

    worker = models.OneToOneField(
        AffectedWorker, verbose_name=_("职工"), on_delete=models.CASCADE, related_name="plan"
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("帮扶人员（职业指导师）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default="open")
    opened_at = models.DateTimeField(_("建立时间"))
    next_follow_up = models.DateField(_("下次回访"), null=True, blank=True)
    last_reminded_on = models.DateField(_("最近提醒"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    closed_reason = models.CharField(_("结案原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("一人一策帮扶计划")

    def __str__(self) -> str:
        return f"一人一策 {self.worker}"


class Measure(models.Model):
    """One differentiated measure of a plan, with its date and outcome (plan S4.5, S4.6)."""

    class Kind(models.TextChoices):
        JOB_REFERRAL = "job_referral", _("岗位推荐")
        TRAINING = "training", _("技能培训")
        ENTREPRENEURSHIP = "entrepreneurship", _("创业服务")
        PUBLIC_WELFARE = "public_welfare", _("公益性岗位安置")
        BENEFIT = "benefit", _("失业保险金申领")
        RELIEF = "relief", _("临时救助转介（民政）")
        FOLLOW_UP = "follow_up", _("跟踪回访")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("办理中")
        SUCCEEDED = "succeeded", _("已落实")
        FAILED = "failed", _("未成功")

    plan = models.ForeignKey(AssistancePlan, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("帮扶措施"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("日期"))
    outcome = models.CharField(
        _("结果"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    note = models.CharField(_("说明"), max_length=500, blank=True)
    amount = models.DecimalField(
        _("金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = verbose_name_plural = _("帮扶措施")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class Vacancy(models.Model):
    """用工需求 (plan S4.2, S4.3); a gig-market short job is a vacancy with `is_gig`."""

    class Source(models.TextChoices):
        FORM = "form", _("页面录入")
        XLSX = "xlsx", _("表格导入")
        API = "api", _("接口")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("用工单位"),
        on_delete=models.PROTECT,
        related_name="vacancies",
    )
    occupation = models.CharField(_("岗位/工种"), max_length=60)
    skills = models.CharField(_("技能要求"), max_length=200, blank=True)
    count = models.PositiveIntegerField(_("招聘人数"))
    town = models.ForeignKey("reference.Town", verbose_name=_("工作地点"), on_delete=models.PROTECT)
    wage_min = models.PositiveIntegerField(_("薪酬下限（元；零工按天）"), null=True, blank=True)
    wage_max = models.PositiveIntegerField(_("薪酬上限（元；零工按天）"), null=True, blank=True)
    requirements = models.CharField(_("其他要求"), max_length=500, blank=True)
    valid_until = models.DateField(_("有效期至"))
    is_gig = models.BooleanField(_("零工（短期用工）"), default=False)
    gig_days = models.PositiveSmallIntegerField(_("用工天数"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default="form")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = _("用工需求")

    def __str__(self) -> str:
        return f"{self.enterprise.name} · {self.occupation}"

    def wage_text(self) -> str:
        """The pay with its unit: a gig (零工) is paid by the day, a vacancy by the month."""
        if self.wage_min and self.wage_max:
            amount = f"{self.wage_min:,}–{self.wage_max:,}"
        elif self.wage_min or self.wage_max:
            amount = f"{self.wage_min or self.wage_max:,}"
        else:
            return gettext("面议")
        return f"{amount} {gettext('元/天') if self.is_gig else gettext('元/月')}"


class Referral(models.Model):
    """A person referred to a vacancy, and what came of it. A hire is a placement (plan S4.3);
    with `agency` it counts for the agency's job-referral subsidy."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("待反馈")
        INTERVIEW = "interview", _("已面试")
        HIRED = "hired", _("已录用")
        REJECTED = "rejected", _("未录用")
        DECLINED = "declined", _("本人放弃")

    worker = models.ForeignKey(AffectedWorker, on_delete=models.CASCADE, related_name="referrals")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="referrals")
    agency = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("人力资源服务机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agency_placements",
    )
    referred_at = models.DateTimeField(_("推荐时间"))
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("结果"), max_length=10, choices=Outcome.choices, default="pending")
    outcome_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    reasons = models.JSONField(_("推荐理由"), default=list, blank=True)

    class Meta:
        ordering = ["-referred_at", "-pk"]
        verbose_name = verbose_name_plural = _("岗位推荐")
        constraints = [
            models.UniqueConstraint(fields=["worker", "vacancy"], name="one_referral_per_vacancy")
        ]

    def __str__(self) -> str:
        return f"{self.worker} → {self.vacancy}"


class JobFair(models.Model):
    """余缺调剂招聘活动 (plan S4.3)."""

    name = models.CharField(_("活动名称"), max_length=100)
    date = models.DateField(_("举办日期"))
    town = models.ForeignKey("reference.Town", verbose_name=_("举办地"), on_delete=models.PROTECT)
    venue = models.CharField(_("地点"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = verbose_name_plural = _("招聘活动")

    def __str__(self) -> str:
        return self.name


class FairInvite(models.Model):
    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="invites")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    worker = models.ForeignKey(
        AffectedWorker, null=True, blank=True, on_delete=models.CASCADE, related_name="fair_invites"
    )
    attended = models.BooleanField(_("到场"), default=False)
    offers = models.PositiveSmallIntegerField(_("达成意向（人）"), default=0)
    placed = models.BooleanField(_("已录用"), default=False)

    class Meta:
        verbose_name = verbose_name_plural = _("招聘活动邀请")
        constraints = [
            models.UniqueConstraint(fields=["fair", "enterprise"], name="fair_enterprise_once"),
            models.UniqueConstraint(fields=["fair", "worker"], name="fair_worker_once"),
            models.CheckConstraint(
                condition=models.Q(enterprise__isnull=True, worker__isnull=False)
                | models.Q(enterprise__isnull=False, worker__isnull=True),
                name="fair_invite_one_side",
            ),
        ]

    def __str__(self) -> str:
        return str(self.worker or self.enterprise)


class Course(models.Model):
    """Training (plan S4.4): 巴渝工匠 and others; project-based training for an enterprise."""

    class Kind(models.TextChoices):
        BAYU = "bayu", _("巴渝工匠")
        UPSKILL = "upskill", _("岗位技能提升")
        CONVERSION = "conversion", _("转岗转业")
        ORDER = "order", _("订单式培训")
        PROJECT = "project", _("项目制培训（灵活减员企业）")
        ENTREPRENEURSHIP = "entrepreneurship", _("创业培训")

    name = models.CharField(_("课程名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    provider = models.CharField(_("培训机构"), max_length=100)
    occupation = models.CharField(_("培训工种"), max_length=60, blank=True)
    starts_on = models.DateField(_("开班日期"))
    ends_on = models.DateField(_("结业日期"))
    capacity = models.PositiveIntegerField(_("名额"))
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("项目制培训企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = verbose_name_plural = _("培训课程")

    def __str__(self) -> str:
        return self.name


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("在训")
        COMPLETED = "completed", _("已结业")
        DROPPED = "dropped", _("退训")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    worker = models.ForeignKey(AffectedWorker, on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default="enrolled")
    enrolled_at = models.DateTimeField(_("报名时间"))
    completed_at = models.DateTimeField(_("结业时间"), null=True, blank=True)
    certificate = models.CharField(_("证书"), max_length=100, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = verbose_name_plural = _("培训报名")
        constraints = [
            models.UniqueConstraint(fields=["course", "worker"], name="enrol_once_per_course")
        ]

    def __str__(self) -> str:
        return f"{self.worker} · {self.course}"


class EnterpriseSupportPlan(models.Model):
    """一企一策 (plan S2.2, S4.2): subsidies offered so that an enterprise cuts fewer."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("拟定中")
        ACCEPTED = "accepted", _("企业已采纳")
        DECLINED = "declined", _("企业未采纳")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="support_plans",
    )
    alert = models.ForeignKey(
        "alerts.Alert", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    planned_cut = models.PositiveIntegerField(_("原计划裁减人数"))
    final_cut = models.PositiveIntegerField(_("实际裁减人数"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default="draft")
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decision_note = models.CharField(_("决定说明"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = _("一企一策稳岗方案")

    def __str__(self) -> str:
        return f"一企一策 {self.enterprise.name}"

    @property
    def cuts_avoided(self) -> int:
        if self.status != self.Status.ACCEPTED or self.final_cut is None:
            return 0
        return max(self.planned_cut - self.final_cut, 0)


class SupportItem(models.Model):
    class Kind(models.TextChoices):
        SOCIAL_INSURANCE = "social_insurance", _("社会保险补贴")
        ABSORPTION = "absorption", _("吸纳就业补贴")
        TRAINING = "training", _("职业培训补贴")
        RETENTION_REFUND = "retention_refund", _("稳岗返还")

    plan = models.ForeignKey(EnterpriseSupportPlan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("补贴项目"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    screening = models.JSONField(_("裁员率筛查"), default=dict, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = verbose_name_plural = _("补贴项目")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"
