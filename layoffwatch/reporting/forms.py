"""Forms of the staff entry page and the public QR form; both feed layoff_report_submit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Channel, LayoffReport, MissingReportFinding

WAVES = 3
ATTACHMENT_TYPES = {".pdf", ".jpg", ".jpeg", ".png"}
ATTACHMENT_MAX = 10 * 1024 * 1024


class LayoffForm(forms.Form):
    planned_cut = forms.IntegerField(label=_("计划裁减人数（含派遣）"), required=False)
    dispatched_cut = forms.IntegerField(label=_("其中派遣人员"), required=False, initial=0)
    wave_date_1 = forms.DateField(
        label=_("裁员日期（第 1 批）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    wave_count_1 = forms.IntegerField(label=_("第 1 批人数（分批时填写）"), required=False)
    wave_date_2 = forms.DateField(
        label=_("第 2 批日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    wave_count_2 = forms.IntegerField(label=_("第 2 批人数"), required=False)
    wave_date_3 = forms.DateField(
        label=_("第 3 批日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    wave_count_3 = forms.IntegerField(label=_("第 3 批人数"), required=False)
    is_closure = forms.BooleanField(label=_("企业关闭停业"), required=False)
    reasons = forms.MultipleChoiceField(
        label=_("裁员原因"),
        choices=LayoffReport.Reason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reasons_text = forms.CharField(
        label=_("原因说明"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    jobs_affected = forms.CharField(label=_("涉及岗位或群体"), required=False, max_length=500)
    union_consulted = forms.BooleanField(label=_("已听取工会或职工意见"), required=False)
    resettlement_plan = forms.CharField(
        label=_("职工安置方案"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    severance_status = forms.CharField(
        label=_("经济补偿及欠薪情况"), required=False, max_length=500
    )
    contact_name = forms.CharField(label=_("联系人"), required=False, max_length=40)
    contact_phone = forms.CharField(
        label=_("联系电话"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                continue
            css = (
                "form-check-input"
                if isinstance(field.widget, forms.CheckboxInput)
                else "form-control"
            )
            field.widget.attrs.setdefault("class", css)
            if isinstance(field, forms.IntegerField):
                field.widget.attrs.setdefault("inputmode", "numeric")

    def report_data(self) -> dict:
        """The service's data dict (API field names)."""
        c = self.cleaned_data
        rows = [(c.get(f"wave_date_{i}"), c.get(f"wave_count_{i}")) for i in range(1, WAVES + 1)]
        filled = [(d, n) for d, n in rows if d or n is not None]
        data = {
            k: c.get(k)
            for k in (
                "planned_cut",
                "dispatched_cut",
                "is_closure",
                "reasons",
                "reasons_text",
                "jobs_affected",
                "union_consulted",
                "resettlement_plan",
                "severance_status",
                "contact_name",
                "contact_phone",
            )
        }
        data["dispatched_cut"] = data["dispatched_cut"] or 0
        if len(filled) == 1 and filled[0][1] is None:
            data["effective_date"] = filled[0][0]
        else:
            data["waves"] = [{"date": d, "count": n} for d, n in filled]
        return data

    def add_service_errors(self, message_dict: dict) -> None:
        for field, messages in message_dict.items():
            target = field
            if field == "effective_date":
                target = "wave_date_1"
            elif field.startswith("waves."):
                parts = field.split(".")
                if len(parts) == 3:
                    target = f"wave_{parts[2]}_{int(parts[1]) + 1}"
            elif field == "waves":
                target = "wave_date_1"
            if target not in self.fields:
                target = None
            for message in messages:
                self.add_error(target, message)


class StaffLayoffForm(LayoffForm):
    """Telephone and written reports entered by staff on the caller's behalf (S3.1.1)."""

    enterprise_uscc = forms.CharField(label=_("企业统一社会信用代码"), max_length=18)
    channel = forms.ChoiceField(
        label=_("报告方式"),
        choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.WRITTEN, Channel.WRITTEN.label)],
    )
    source_note = forms.CharField(
        label=_("来电人或来文"),
        max_length=200,
        help_text=_("电话报告写来电人姓名、职务和电话；书面报告写来文名称和文号"),
    )
    attachment = forms.FileField(label=_("扫描件（PDF、JPG、PNG，10 MB 以内）"), required=False)

    field_order = ["enterprise_uscc", "channel", "source_note", "attachment"]

    def clean_attachment(self):
        f = self.cleaned_data.get("attachment")
        if not f:
            return f
        name = f.name.lower()
        if not any(name.endswith(ext) for ext in ATTACHMENT_TYPES):
            raise forms.ValidationError(_("扫描件只能是 PDF、JPG 或 PNG 文件"))
        if f.size > ATTACHMENT_MAX:
            raise forms.ValidationError(_("扫描件不能超过 10 MB"))
        head = f.read(8)
        f.seek(0)
        if not (
            head.startswith(b"%PDF") or head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8")
        ):
            raise forms.ValidationError(_("文件内容与扩展名不符"))
        return f


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("撤回原因"), max_length=500, widget=forms.TextInput(attrs={"class": "form-control"})
    )


class FindingResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        label=_("处理结果"),
        choices=MissingReportFinding.Resolution.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(
        label=_("处理说明"),
        max_length=500,
        help_text=_("核实情况、联系了谁、何时"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
