from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .loader import parameter_file


class PolicyRevision(models.Model):
    """A new dated version of one parameter file, added by an administrator (ADR 0013).

    The newest revision of a file replaces the bundled file when the policy in force is computed;
    it may not change anything dated before `effective_date`, so earlier gradings stand.
    Revisions are never edited or deleted: a correction is another revision.
    """

    # why no choices: the files are those registered with the policy (ADR 0092), known only once
    # every app has loaded; the service refuses a key that is not registered.
    file_key = models.CharField(_("参数文件"), max_length=40)
    effective_date = models.DateField(_("生效日期"))
    yaml_text = models.TextField(_("参数文件内容（YAML）"))
    note = models.CharField(_("修订说明"), max_length=300)
    sha256 = models.CharField(max_length=64, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修订人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        ordering = ["file_key", "effective_date"]
        verbose_name = verbose_name_plural = _("政策参数修订")
        constraints = [
            models.UniqueConstraint(
                fields=["file_key", "effective_date"], name="policy_revision_one_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_key}.yaml @ {self.effective_date}"

    @property
    def file_title(self) -> str:
        """The file's name as the policy page says it (预警等级与合并计算期)."""
        entry = parameter_file(self.file_key)
        return str(entry.title) if entry is not None else self.file_key

    @property
    def source(self) -> str:
        return f"修订 #{self.pk}（{self.effective_date} 起施行）"
