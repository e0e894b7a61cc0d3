from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layoffwatch.core.validators import validate_phone, validate_uscc


class Enterprise(models.Model):
    """An employer in the registry (企业名录), identified by its unified social credit code."""

    class Ownership(models.TextChoices):
        STATE = "state", _("国有")
        COLLECTIVE = "collective", _("集体")
        PRIVATE = "private", _("私营")
        FOREIGN = "foreign", _("外商投资")
        HMT = "hmt", _("港澳台投资")
        INDIVIDUAL = "individual", _("个体工商户")
        INSTITUTION = "institution", _("事业单位")
        SOCIAL = "social", _("社会组织")
        COOPERATIVE = "cooperative", _("农民专业合作社")
        OTHER = "other", _("其他")

    class Source(models.TextChoices):
        MANUAL = "manual", _("手工录入")
        IMPORT = "import", _("批量导入")
        API = "api", _("接口")
        FEED = "feed", _("数据比对发现")
        DEMO = "demo", _("演示数据")

    uscc = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc]
    )
    name = models.CharField(_("企业名称"), max_length=100, db_index=True)
    town = models.ForeignKey("reference.Town", verbose_name=_("所在镇街"), on_delete=models.PROTECT)
    industry = models.ForeignKey(
        "reference.Industry", verbose_name=_("行业"), on_delete=models.PROTECT
    )
    ownership = models.CharField(
        _("经济类型"), max_length=20, choices=Ownership.choices, default=Ownership.PRIVATE
    )
    insured_headcount = models.PositiveIntegerField(
        _("参保人数"), default=0, validators=[MaxValueValidator(1_000_000)]
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=40, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(
        _("联系电话"), max_length=20, blank=True, validators=[validate_phone]
    )
    # plan S3.1.4 key sample enterprises; S2.3 watch list (重点关注企业清单).
    is_key_sample = models.BooleanField(_("重点样本企业"), default=False)
    on_watch_list = models.BooleanField(_("重点关注企业"), default=False)
    is_labour_intensive = models.BooleanField(_("劳动密集型"), default=False)
    # plan S3.1.2: dispatch agencies co-report cuts of dispatched staff.
    is_hr_agency = models.BooleanField(_("人力资源服务机构"), default=False)
    is_platform_employer = models.BooleanField(_("平台/新就业形态用工"), default=False)
    commissioner = models.ForeignKey(
        "accounts.User",
        verbose_name=_("服务专员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_enterprises",
    )
    source = models.CharField(
        _("来源"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = _("企业")
        indexes = [models.Index(fields=["town", "industry"])]

    def __str__(self) -> str:
        return self.name


class DispatchRelation(models.Model):
    """An HR service agency dispatches staff to a user enterprise (劳务派遣关系), plan S3.1.2."""

    agency = models.ForeignKey(
        Enterprise,
        verbose_name=_("人力资源服务机构"),
        on_delete=models.CASCADE,
        related_name="dispatches_out",
    )
    user_enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("用工单位"),
        on_delete=models.CASCADE,
        related_name="dispatches_in",
    )
    dispatched_headcount = models.PositiveIntegerField(_("派遣人数"), default=0)
    since = models.DateField(_("起始日期"), null=True, blank=True)
    until = models.DateField(_("终止日期"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("派遣关系")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "user_enterprise"], name="uniq_dispatch_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} → {self.user_enterprise}"


class HeadcountRecord(models.Model):
    """Month-end insured headcount of an enterprise (history the later stages read)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="headcounts")
    period = models.DateField(_("月份"), help_text=_("当月 1 日"))
    insured_headcount = models.PositiveIntegerField(
        _("参保人数"), validators=[MinValueValidator(0)]
    )
    hires = models.PositiveIntegerField(_("新增"), default=0)
    separations = models.PositiveIntegerField(_("减少"), default=0)

    class Meta:
        ordering = ["enterprise", "period"]
        verbose_name = verbose_name_plural = _("参保人数月度记录")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "period"], name="uniq_headcount_month")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.period:%Y-%m} {self.insured_headcount}"
