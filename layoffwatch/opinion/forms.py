"""The pages' forms (plan S6.4 舆情收集; ADR 0107): a file to bring in, an item entered by hand."""

from django import forms
from django.utils.translation import gettext_lazy as _

from layoffwatch.core.forms import Bootstrap, DateTimeLocalInput


class ImportForm(Bootstrap, forms.Form):
    file = forms.FileField(
        label=_("文件（舆情监测导出 CSV/XLSX、新闻 RSS/Atom、12345热线工单 CSV/XLSX）"),
        error_messages={"required": _("请选择要导入的文件")},
    )


class EntryForm(Bootstrap, forms.Form):
    source = forms.CharField(label=_("来源（网站、账号、电话等）"), max_length=100)
    published_at = forms.DateTimeField(label=_("发布（知悉）时间"), widget=DateTimeLocalInput())
    title = forms.CharField(label=_("标题"), max_length=300, required=False)
    link = forms.URLField(label=_("链接"), max_length=500, required=False, assume_scheme="https")
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 4}))
