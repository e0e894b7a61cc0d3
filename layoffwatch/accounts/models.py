import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from layoffwatch.core.clock import local_datetime
from layoffwatch.core.recorded import mark

from .roles import BUREAU, DISTRICT_WIDE, REGISTRY_EDITORS, Role


class Section(models.Model):
    """A bureau section or unit (科室/单位) of the annex task table, or the bureau leadership."""

    class Kind(models.TextChoices):
        SECTION = "section", _("机关科室")
        UNIT = "unit", _("局属单位")
        LEADERSHIP = "leadership", _("局领导")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60, unique=True)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = verbose_name_plural = _("科室（单位）")

    def __str__(self) -> str:
        return self.name_shown

    @property
    def name_shown(self) -> str:
        """The name in the reader's language (ADR 0100, amended 2026-12-07 (6)): the stored
        Chinese is a msgid of the project catalog (accounts/sections.py); what is stored does not
        change."""
        return gettext(self.name) if self.name else ""


class User(AbstractUser):
    role = models.CharField(
        _("角色"), max_length=20, choices=Role.choices, default=Role.SECTION_STAFF
    )
    display_name = models.CharField(_("姓名"), max_length=40, blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    section = models.ForeignKey(
        Section, verbose_name=_("所属科室（单位）"), null=True, blank=True, on_delete=models.PROTECT
    )
    # plan S3.1 / annex: a town liaison works for one town or street.
    town = models.ForeignKey(
        "reference.Town",
        verbose_name=_("所属镇街"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    # An HR service agency's or enterprise reporter's own enterprise.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("所属企业（机构）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
    )

    class Meta:
        verbose_name = verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def name_and_unit(self) -> str:
        """“王干事（就业和人才中心）”: the name, then the section or town in brackets, in the
        reader's language — unless the name already ends with a bracketed unit (the demo's do)."""
        name = str(self)
        unit = (
            self.section.name_shown if self.section_id else (str(self.town) if self.town_id else "")
        )
        if not unit or name.endswith("）"):
            return name
        return f"{name}{mark('（')}{unit}{mark('）')}"

    @property
    def role_and_unit(self) -> str:
        """The top bar's "局领导" or "科室（单位）工作人员 · 就业创业科": the role, then the section and
        town. The leadership's own section (局领导) is what the role already says, shown once."""
        parts = [str(self.get_role_display())]
        if self.section and self.section.kind != Section.Kind.LEADERSHIP:
            parts.append(self.section.name_shown)
        if self.town:
            parts.append(str(self.town))
        return " · ".join(parts)

    @property
    def is_district_wide(self) -> bool:
        return self.is_superuser or self.role in DISTRICT_WIDE

    @property
    def can_edit_registry(self) -> bool:
        return self.is_superuser or self.role in REGISTRY_EDITORS

    @property
    def is_bureau(self) -> bool:
        return self.is_superuser or self.role in BUREAU

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN


class LoginFailure(models.Model):
    """One failed login; enough recent ones lock the username (see backends.py)."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} @ {local_datetime(self.at):%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; it acts as its user."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="tokens"
    )
    name = models.CharField(_("用途"), max_length=60, blank=True)
    prefix = models.CharField(_("前缀"), max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def new_raw() -> str:
        return "lw_" + secrets.token_urlsafe(32)
