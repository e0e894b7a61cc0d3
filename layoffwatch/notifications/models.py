"""Notifications (通知): in-app messages at once, email and group-chat webhooks through the queue.

`Notification` is one in-app message to one person. `Delivery` is one email or one webhook post
with its log (attempts, status, last error): the queue works through it, retrying with backoff.
`Webhook` rows are the group-chat robots (企业微信、钉钉、飞书) that the administrator edits;
`NOTIFY_WEBHOOK_URLS` adds more from the environment. ADR 0041.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layoffwatch.core.recorded import shown


class Notification(models.Model):
    """An in-app message to one person (站内通知)."""

    recipient = models.ForeignKey(
        "accounts.User", verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="inbox"
    )
    kind = models.CharField(_("类别"), max_length=40, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    # the title's and the body's recorded messages ({"title": {...}, "body": {...}}), to show
    # them in the reader's language; the Chinese stays in title and body (ADR 0100)
    messages = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = _("站内通知")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def title_shown(self) -> str:
        """The title in the reader's language (ADR 0100, amended 2026-12-07 (2))."""
        return shown(self.messages.get("title"), self.title)

    @property
    def body_shown(self) -> str:
        return shown(self.messages.get("body"), self.body)


class Webhook(models.Model):
    """A group-chat robot that receives a text message for each notification (plan: reminders)."""

    class Flavour(models.TextChoices):
        # WeCom and DingTalk robots both take {"msgtype": "text", "text": {"content": …}}.
        TEXT = "text", _("企业微信 / 钉钉机器人")
        FEISHU = "feishu", _("飞书机器人")

    name = models.CharField(_("名称"), max_length=60)
    url = models.URLField(_("机器人地址（Webhook URL）"), max_length=500)
    flavour = models.CharField(
        _("消息格式"), max_length=10, choices=Flavour.choices, default=Flavour.TEXT
    )
    kinds = models.CharField(
        _("只发送这些类别"),
        max_length=200,
        blank=True,
        help_text=_("逗号分隔，如 alert,reminder；留空表示全部"),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = verbose_name_plural = _("群机器人")

    def __str__(self) -> str:
        return self.name

    def accepts(self, kind: str) -> bool:
        wanted = {k.strip() for k in self.kinds.split(",") if k.strip()}
        return not wanted or kind in wanted


class Delivery(models.Model):
    """One email or webhook post and what happened to it (发送记录)."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("电子邮件")
        WEBHOOK = "webhook", _("群机器人")

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        RETRYING = "retrying", _("失败，等待重试")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("失败，已放弃")

    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    # The email address, or the webhook's URL (the robot's key is part of it: staff only).
    target = models.CharField(_("发送对象"), max_length=500)
    flavour = models.CharField(_("消息格式"), max_length=10, blank=True)
    recipient = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    webhook = models.ForeignKey(
        Webhook, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    kind = models.CharField(_("类别"), max_length=40, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=500, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = _("发送记录")
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.title}"
