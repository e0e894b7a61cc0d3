from django import forms
from django.utils.translation import gettext_lazy as _

from layoffwatch.core.forms import Bootstrap, DateInput
from layoffwatch.enterprises.picker import EnterpriseCodeField
from layoffwatch.reference.models import Town

from .models import Clue, Signal, Verification
from .sources import SOURCES

PERIOD = forms.RegexField(
    regex=r"^\d{4}-\d{2}$",
    required=False,
    label=_("月份"),
    error_messages={"invalid": _("月份应写作 YYYY-MM")},
    widget=forms.TextInput(
        attrs={"placeholder": "YYYY-MM", "class": "form-control form-control-sm"}
    ),
)


class SignalFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[
            ("open", _("待办（待核实、核实中）")),
            ("", _("全部")),
            ("counted", _("计入人数（已排除、已合并的除外）")),
            *Signal.Status.choices,
        ],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    kind = forms.ChoiceField(
        label=_("类型"),
        required=False,
        choices=[("", _("全部")), ("stoppage", _("社保断缴（含全员停缴）")), *Signal.Kind.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    period = PERIOD


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("数据类型"),
        # the feed names are translated in this app's .po (sources/*.py hold them as plain text)
        choices=[(k, _(s.label)) for k, s in SOURCES.items()],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = forms.FileField(
        label=_("文件（CSV、XLSX 或 Parquet）"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )
    period = forms.RegexField(
        regex=r"^\d{4}-\d{2}$",
        required=False,
        label=_("月份（可不填）"),
        error_messages={"invalid": _("月份应写作 YYYY-MM")},
        widget=forms.TextInput(attrs={"placeholder": "YYYY-MM", "class": "form-control"}),
    )


class VerificationForm(Bootstrap, forms.ModelForm):
    class Meta:
        model = Verification
        fields = [
            "method",
            "contacted_on",
            "contact",
            "reason",
            "affected",
            "separation_from",
            "separation_to",
            "recall_expected",
            "notes",
        ]
        widgets = {
            "contacted_on": DateInput(),
            "separation_from": DateInput(),
            "separation_to": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("排除理由"), max_length=500, widget=forms.TextInput(attrs={"class": "form-control"})
    )


class MergeForm(forms.Form):
    into = forms.IntegerField(
        label=_("并入信号编号"),
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


class ClueForm(Bootstrap, forms.ModelForm):
    enterprise_uscc = EnterpriseCodeField(
        label=_("涉及企业（名称或统一社会信用代码）"), required=False
    )

    class Meta:
        model = Clue
        fields = ["channel", "town", "received_on", "reported_count", "description", "source_note"]
        widgets = {
            "received_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = Town.objects.order_by("code")
        self.fields["town"].required = False
