from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DemoDataset(models.Model):
    """The marker that demo data was loaded: `layoffwatch demo` reuses it instead of loading twice."""

    seed = models.BigIntegerField(_("随机种子"))
    enterprises = models.PositiveIntegerField(_("企业数"))
    months = models.PositiveSmallIntegerField(_("月数"))
    end_period = models.DateField(_("截止月份"))
    summary = models.JSONField(_("概要"), default=dict)
    loaded_at = models.DateTimeField(_("生成时间"), default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("演示数据")

    def __str__(self) -> str:
        return f"演示数据（种子 {self.seed}，{self.enterprises} 家企业）"
