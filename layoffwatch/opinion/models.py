"""Public opinion (plan S6.4 “做好舆情收集、监控和研判”; ADR 0107): what people say about layoffs,
wage arrears, closures and jobs, brought in as files and by hand (the intranet reaches no
internet), each item with its source, time, link and text; near-duplicates and reposts grouped
into one event, which the bureau assesses and answers.

An ID number in an item's text is masked before it is stored (the item is about a rumour, not a
person; ADR 0107); phone numbers are kept for a hotline's call-back and masked on every screen.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    EXPORT = "export", _("舆情监测服务导出")
    NEWS = "news", _("新闻网站订阅（RSS/Atom）")
    HOTLINE = "hotline", _("12345热线工单")
    STAFF = "staff", _("工作人员录入")


class Topic(models.TextChoices):
    LAYOFF = "layoff", _("裁员减员")
    WAGE_ARREARS = "wage_arrears", _("拖欠工资")
    CLOSURE = "closure", _("停产关闭")
    SOCIAL_INSURANCE = "social_insurance", _("社保断缴")
    RECRUITMENT = "recruitment", _("招聘用工")
    OTHER = "other", _("其他")


class Tone(models.TextChoices):
    NEGATIVE = "negative", _("负面")
    NEUTRAL = "neutral", _("中性")
    POSITIVE = "positive", _("正面")


class OpinionImport(models.Model):
    """One file brought in (all of it or nothing): who, when, what it held."""

    kind = models.CharField(_("来源类型"), max_length=10, choices=Source.choices)
    file_name = models.CharField(_("文件名"), max_length=200)
    items = models.PositiveIntegerField(_("新增条数"), default=0)
    repeated = models.PositiveIntegerField(_("已有条数"), default=0)
    # none: brought in on the server's command line (`layoffwatch import_opinion`)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    imported_at = models.DateTimeField(_("导入时间"))

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = verbose_name_plural = _("舆情导入")

    def __str__(self) -> str:
        return self.file_name


class OpinionEvent(models.Model):
    """One story: an item and its near-duplicates and reposts (text.Grouper)."""

    class Status(models.TextChoices):
        NEW = "new", _("待研判")
        ASSESSED = "assessed", _("已研判")
        CLOSED = "closed", _("已办结")

    title = models.CharField(_("事件"), max_length=300)
    topic = models.CharField(_("主题"), max_length=20, choices=Topic.choices)
    tone = models.CharField(_("倾向"), max_length=10, choices=Tone.choices)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("涉及企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinion_events",
    )
    town = models.ForeignKey(
        "reference.Town", verbose_name=_("镇街"), null=True, blank=True, on_delete=models.PROTECT
    )
    first_at = models.DateTimeField(_("首次出现"))
    last_at = models.DateTimeField(_("最近出现"), db_index=True)
    items = models.PositiveIntegerField(_("条数"), default=0)
    sources = models.PositiveIntegerField(_("来源数"), default=0)
    keywords = models.JSONField(_("关键词"), default=list)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.NEW)
    # the clue the event became on the clue desk (plan S3.1.5 channel 舆情), at most one
    clue = models.OneToOneField(
        "monitoring.Clue",
        verbose_name=_("线索"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinion_event",
    )
    created_at = models.DateTimeField(_("建立时间"))

    class Meta:
        ordering = ["-last_at", "-pk"]
        verbose_name = verbose_name_plural = _("舆情事件")

    def __str__(self) -> str:
        return self.title


class OpinionBurst(models.Model):
    """A day on which an enterprise, or a grave topic, was talked of far above its own usual
    (bursts.py; plan S6.4 舆情监控): raised once a day for each, and told to those who answer."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        TOPIC = "topic", _("主题")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("涉及企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    topic = models.CharField(_("主题"), max_length=20, choices=Topic.choices, blank=True)
    day = models.DateField(_("日期"))
    items = models.PositiveIntegerField(_("当日条数"))
    usual = models.FloatField(_("此前日均条数"))
    event = models.ForeignKey(OpinionEvent, verbose_name=_("事件"), on_delete=models.CASCADE)
    raised_at = models.DateTimeField(_("发现时间"))

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = verbose_name_plural = _("舆情突增")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "enterprise", "topic", "day"], name="opinion_burst_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.enterprise or self.get_topic_display()}"


class OpinionItem(models.Model):
    kind = models.CharField(_("来源类型"), max_length=10, choices=Source.choices)
    source = models.CharField(_("来源"), max_length=100)
    # the source's own number (a hotline ticket, a feed entry's id, an export's link): a file
    # brought in twice adds nothing the second time
    reference = models.CharField(_("来源编号"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("发布时间"), db_index=True)
    link = models.CharField(_("链接"), max_length=500, blank=True)
    title = models.CharField(_("标题"), max_length=300, blank=True)
    text = models.TextField(_("内容"))
    fingerprint = models.CharField(max_length=64, db_index=True)
    town = models.ForeignKey(
        "reference.Town", verbose_name=_("镇街"), null=True, blank=True, on_delete=models.PROTECT
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("涉及企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinion_items",
    )
    match_score = models.FloatField(_("企业匹配度"), null=True, blank=True)
    topic = models.CharField(_("主题"), max_length=20, choices=Topic.choices)
    topic_score = models.FloatField(default=0)
    tone = models.CharField(_("倾向"), max_length=10, choices=Tone.choices)
    tone_score = models.FloatField(default=0)
    keywords = models.JSONField(_("关键词"), default=list)
    event = models.ForeignKey(
        OpinionEvent, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="members"
    )
    batch = models.ForeignKey(
        OpinionImport, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("录入时间"))

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = verbose_name_plural = _("舆情信息")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source", "reference"],
                condition=~models.Q(reference=""),
                name="opinion_item_once_per_source",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.text[:40]


# -- the response (plan S6.4 “及时主动发声”; responses.py) ------------------------------------------


class ResponseGrade(models.TextChoices):
    GENERAL = "general", _("一般")
    MAJOR = "major", _("重大")  # risks a major incident: the 5-hour and 24-hour clocks


class PublishChannel(models.TextChoices):
    WECHAT = "wechat", _("潼南人社微信公众号")
    WEBSITE = "website", _("区政府网站")
    MEDIA_GROUP = "media_group", _("区传媒集团")
    CONFERENCE = "conference", _("新闻发布会")
    OTHER = "other", _("其他")


class Organisation(models.TextChoices):
    """The outside organisations the bureau answers with (plan S6.4)."""

    PUBLICITY = "publicity", _("区委宣传部")
    MEDIA_GROUP = "media_group", _("区传媒集团")
    OTHER = "other", _("其他（注明）")


class OpinionResponse(models.Model):
    """The bureau's answer to one event: the assessment (grade, text, plan), whose grade starts
    the clocks; the statement, drafted from the record and approved by a leader who did not draft
    it; when it was first published. The clocks run from the event's `created_at`, when the
    bureau first held it (responses.py)."""

    event = models.OneToOneField(
        OpinionEvent, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="response"
    )
    grade = models.CharField(_("研判等级"), max_length=10, choices=ResponseGrade.choices)
    assessment = models.TextField(_("研判意见"))
    plan = models.TextField(_("应对方案"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("研判人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("研判时间"))
    # 重大: authoritative information; 一般: the answer
    due_at = models.DateTimeField(_("回应时限"))
    conference_due_at = models.DateTimeField(_("新闻发布会时限"), null=True, blank=True)
    statement = models.TextField(_("回应口径"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_at = models.DateTimeField(_("起草时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    answered_at = models.DateTimeField(_("首次发布时间"), null=True, blank=True)
    conference_at = models.DateTimeField(_("新闻发布会时间"), null=True, blank=True)
    # 0 not escalated, 1 told the responsible section and the assessor, 2 told the leaders
    escalation = models.PositiveSmallIntegerField(_("催办级别"), default=0)
    escalated_at = models.DateTimeField(_("催办时间"), null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = verbose_name_plural = _("舆情回应")

    def __str__(self) -> str:
        return str(self.event)

    @property
    def is_major(self) -> bool:
        return self.grade == ResponseGrade.MAJOR

    @property
    def answered_in_time(self) -> bool:
        return self.answered_at is not None and self.answered_at <= self.due_at

    @property
    def clocks(self) -> list[dict]:
        """The deadlines and how they stand now, for the event page (responses.response_clocks)."""
        from .responses import response_clocks  # why here: responses imports these models

        return response_clocks(self, at=timezone.now())


class OpinionPublication(models.Model):
    """Where and when the approved statement was published (plan S6.4 主动发声)."""

    response = models.ForeignKey(
        OpinionResponse,
        verbose_name=_("舆情回应"),
        on_delete=models.CASCADE,
        related_name="publications",
    )
    channel = models.CharField(_("发布渠道"), max_length=20, choices=PublishChannel.choices)
    published_at = models.DateTimeField(_("发布时间"))
    text = models.TextField(_("发布内容"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        ordering = ["published_at", "pk"]
        verbose_name = verbose_name_plural = _("回应发布")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.published_at:%Y-%m-%d %H:%M}"


class OpinionCoordination(models.Model):
    """What was agreed with 区委宣传部, 区传媒集团 or another organisation about an event."""

    event = models.ForeignKey(
        OpinionEvent,
        verbose_name=_("事件"),
        on_delete=models.CASCADE,
        related_name="coordinations",
    )
    organisation = models.CharField(_("协调单位"), max_length=20, choices=Organisation.choices)
    other_name = models.CharField(_("单位名称"), max_length=100, blank=True)
    held_at = models.DateTimeField(_("协调时间"))
    agreed = models.TextField(_("商定事项"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        ordering = ["held_at", "pk"]
        verbose_name = verbose_name_plural = _("宣传协调")

    def __str__(self) -> str:
        return self.organisation_name

    @property
    def organisation_name(self) -> str:
        if self.organisation == Organisation.OTHER and self.other_name:
            return self.other_name
        return str(self.get_organisation_display())
