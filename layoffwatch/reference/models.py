from django.db import models
from django.utils.translation import gettext_lazy as _

from .industry_sections import industry_name_shown


class Town(models.Model):
    """A town (镇) or street (街道) of Tongnan district, keyed by its 12-digit statistical code."""

    code = models.CharField(_("统计用区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=20, unique=True)
    kind = models.CharField(_("类型"), max_length=4)  # 街道 / 镇

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = _("镇街")

    def __str__(self) -> str:
        return self.name


class Industry(models.Model):
    """GB/T 4754-2017: section (门类 A–T), division (大类 2 digits), group (中类 3), class (小类 4)."""

    class Level(models.TextChoices):
        SECTION = "section", _("门类")
        DIVISION = "division", _("大类")
        GROUP = "group", _("中类")
        CLASS = "class", _("小类")

    code = models.CharField(_("行业代码"), max_length=4, primary_key=True)
    name = models.CharField(_("行业名称"), max_length=60)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    section = models.CharField(_("门类"), max_length=1, db_index=True)
    # plan S3.1.3: labour-intensive industries (manufacturing first) get focused monitoring.
    labour_intensive = models.BooleanField(_("劳动密集型"), default=False)
    name_is_official = models.BooleanField(_("名称已核对"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = _("行业（GB/T 4754-2017）")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name_shown(self) -> str:
        """A section's (门类) name in the reader's language, a division's, group's or class's as
        stored (ADR 0100, amended 2026-12-07 (6); reference/industry_sections.py)."""
        return industry_name_shown(self.level, self.name)

    @property
    def division_code(self) -> str | None:
        return None if self.level == self.Level.SECTION else self.code[:2]


class Holiday(models.Model):
    """An administrator's entry for one date: a statutory holiday or a make-up working day (调休上班).

    Entries here take precedence over the chinese-calendar package; they are how the bureau adds a
    year the package does not cover yet (it raises for dates after its last year).
    """

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(
        _("是否上班"), help_text=_("勾选表示调休上班日；不勾选表示放假")
    )
    name = models.CharField(_("名称"), max_length=40, blank=True)
    note = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = verbose_name_plural = _("节假日与调休")

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_working_day else '放假'} {self.name}"
