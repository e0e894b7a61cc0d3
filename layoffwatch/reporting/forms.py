"""Forms of the staff entry pages and the public QR pages; they feed the report services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from layoffwatch.core.forms import DateInput
from layoffwatch.core.uploads import DOCUMENT, SCAN, SPREADSHEET, UploadField
from layoffwatch.core.validators import validate_phone
from layoffwatch.enterprises.picker import EnterpriseCodeField

from .models import Channel, LayoffReport, MissingReportFinding, MonthlyReport

WAVES = 3
# The resettlement plan (职工安置方案) may be a Word document as well as a scan (ADR 0086).
PLAN_KINDS = DOCUMENT


# The layoff form's fields that are the report's own (API names), beside waves and files.
REPORT_FIELDS = (
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


class LayoffForm(forms.Form):
    planned_cut = forms.IntegerField(label=_("计划裁减人数（含派遣）"), required=False)
    dispatched_cut = forms.IntegerField(label=_("其中派遣人员"), required=False, initial=0)
    wave_date_1 = forms.DateField(
        label=_("裁员日期（第 1 批）"),
        required=False,
        widget=DateInput(),
    )
    wave_count_1 = forms.IntegerField(label=_("第 1 批人数（分批时填写）"), required=False)
    wave_date_2 = forms.DateField(label=_("第 2 批日期"), required=False, widget=DateInput())
    wave_count_2 = forms.IntegerField(label=_("第 2 批人数"), required=False)
    wave_date_3 = forms.DateField(label=_("第 3 批日期"), required=False, widget=DateInput())
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
    resettlement_file = UploadField(
        kinds=PLAN_KINDS,
        what=_("职工安置方案附件"),
        label=_("职工安置方案附件（PDF、Word、JPG、PNG，10 MB 以内，可选）"),
        required=False,
    )
    roster_file = UploadField(
        kinds=SPREADSHEET,
        what=_("受影响职工名单"),
        label=_("受影响职工名单（XLSX，按模板填写姓名、身份证号码、电话、意向，可选）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    corrects = forms.CharField(
        label=_("更正的回执编号（更正以前的报告时填写）"),
        required=False,
        max_length=40,
        help_text=_(
            "填写要更正的那份裁员报告的回执编号：原报告保留，只按更正后的计算。"
            "不填则是一份新的裁员报告，与计算期内本企业的其他裁员合并计算。"
        ),
    )
    # ADR 0083: an anonymous correction through the QR link needs the receipt's correction code
    correction_code = forms.CharField(
        label=_("更正码（更正以前的报告时填写）"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        help_text=_("回执上印有更正码。已登录的企业填报员更正本企业的报告时不必填写。"),
    )

    def service_files(self) -> dict:
        """The service's file arguments."""
        roster = self.cleaned_data.get("roster_file")
        return {
            "resettlement_file": self.cleaned_data.get("resettlement_file") or None,
            "roster": roster.read() if roster else None,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # a list of boxes: each box drawn like a single one (reporting/_form_fields.html)
            if isinstance(field.widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(field.widget, forms.Select):  # a drop-down shows its arrow
                css = "form-select"
            else:
                css = "form-control"
            field.widget.attrs.setdefault("class", css)
            if isinstance(field, forms.IntegerField):
                field.widget.attrs.setdefault("inputmode", "numeric")

    @staticmethod
    def initial_from(report) -> dict:
        """The form filled with `report`, to start its correction from (the caller checked that
        the user may see it)."""
        initial = {k: getattr(report, k) for k in REPORT_FIELDS}
        waves = list(report.waves.order_by("date"))
        if len(waves) == 1:
            initial["wave_date_1"] = waves[0].date
        else:
            for i, wave in enumerate(waves[:WAVES], start=1):
                initial[f"wave_date_{i}"], initial[f"wave_count_{i}"] = wave.date, wave.count
        initial["corrects"] = report.receipt_no
        return initial

    def report_data(self) -> dict:
        """The service's data dict (API field names)."""
        c = self.cleaned_data
        rows = [(c.get(f"wave_date_{i}"), c.get(f"wave_count_{i}")) for i in range(1, WAVES + 1)]
        filled = [(d, n) for d, n in rows if d or n is not None]
        data = {k: c.get(k) for k in ("corrects", "correction_code", *REPORT_FIELDS)}
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


class MonthlyForm(forms.Form):
    """月度用工报告 (plan S3.1.1): the same fields as the API and the bulk template."""

    period = forms.CharField(
        label=_("报告月份"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-10"}),
    )
    headcount_start = forms.IntegerField(label=_("月初职工人数（含派遣）"), required=False)
    headcount_end = forms.IntegerField(label=_("月末职工人数（含派遣）"), required=False)
    hires = forms.IntegerField(label=_("本月新增（含派遣）"), required=False)
    separations = forms.IntegerField(label=_("本月减少（含派遣）"), required=False)
    dispatched_hires = forms.IntegerField(label=_("其中派遣新增"), required=False)
    dispatched_separations = forms.IntegerField(label=_("其中派遣减少"), required=False)
    # ADR 0056: shown when 月初 + 新增 − 减少 ≠ 月末 (validation.clean_monthly decides), to confirm
    confirm_headcount_gap = forms.BooleanField(
        label=_("数字核对无误，确认提交"),
        required=False,
        help_text=_(
            "月初职工人数 + 本月新增 − 本月减少应等于月末职工人数（均含派遣人员）。"
            "对不上时请先核对修改；确实无误才勾选此项，并填写原因。"
        ),
    )
    headcount_gap_note = forms.CharField(
        label=_("人数不平的原因"),
        required=False,
        max_length=500,
        help_text=_("如：月末人数按参保人数填写、月中有职工转入转出关联企业"),
    )
    operating_status = forms.ChoiceField(
        label=_("本月经营状况"),
        choices=MonthlyReport.Operating.choices,
        initial=MonthlyReport.Operating.NORMAL,
    )
    revenue_change_pct = forms.CharField(
        label=_("营业收入同比变化（%）"), required=False, max_length=10
    )
    wages_paid_in_full = forms.ChoiceField(
        label=_("工资足额按时发放"),
        choices=[("yes", _("是")), ("no", _("否"))],
        initial="yes",
    )
    wage_arrears_amount = forms.CharField(label=_("欠薪金额（元）"), required=False, max_length=16)
    wage_arrears_months = forms.IntegerField(label=_("欠薪月数"), required=False)
    planned_hires_next = forms.IntegerField(label=_("下月计划新增"), required=False)
    planned_cuts_next = forms.IntegerField(label=_("下月计划减少（含派遣）"), required=False)
    planned_dispatched_hires_next = forms.IntegerField(label=_("下月其中派遣新增"), required=False)
    planned_dispatched_cuts_next = forms.IntegerField(label=_("下月其中派遣减少"), required=False)
    remarks = forms.CharField(
        label=_("备注"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    # ADR 0083: a month already reported through the QR link is corrected only with the code
    # printed on that month's receipt (anyone may read the notice board's link)
    correction_code = forms.CharField(
        label=_("更正码（更正本月已报送的报告时填写）"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        help_text=_("同一月份再次报送即为更正，须填写该月回执上印有的更正码。"),
    )

    # Asked only when the headcount does not add up (or the reporter has ticked it already).
    GAP_FIELDS = ("confirm_headcount_gap", "headcount_gap_note")
    NOT_FIGURES = ("correction_code",)  # asked on the form, never repeated on the receipt

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            if isinstance(field, forms.BooleanField):
                css = "form-check-input"
            field.widget.attrs.setdefault("class", css)
            if isinstance(field, forms.IntegerField):
                field.widget.attrs.setdefault("inputmode", "numeric")
        self.asks_gap = self.is_bound and bool(self.data.get("confirm_headcount_gap"))

    def __iter__(self):
        for field in super().__iter__():
            if self.asks_gap or field.name not in self.GAP_FIELDS:
                yield field

    def report_data(self) -> dict:
        c = self.cleaned_data
        data = {k: c.get(k) for k in self.fields if k in MONTHLY_FIELDS}
        data["wages_paid_in_full"] = c.get("wages_paid_in_full") != "no"
        if "correction_code" in self.fields:
            data["correction_code"] = c.get("correction_code") or ""
        for optional in ("hires", "separations", "wage_arrears_months"):
            if data.get(optional) is None:
                data.pop(optional, None)
        return data

    def add_service_errors(self, message_dict: dict) -> None:
        for field, messages in message_dict.items():
            if field in self.GAP_FIELDS:
                self.asks_gap = True
            for message in messages:
                # the difference is said once, above the form, in the words of the service
                target = None if field == "confirm_headcount_gap" else field
                self.add_error(target if target in self.fields else None, message)

    def service_files(self) -> dict:
        return {}


MONTHLY_FIELDS = [
    "period",
    "headcount_start",
    "headcount_end",
    "hires",
    "separations",
    "dispatched_hires",
    "dispatched_separations",
    "operating_status",
    "revenue_change_pct",
    "wage_arrears_amount",
    "wage_arrears_months",
    "planned_hires_next",
    "planned_cuts_next",
    "planned_dispatched_hires_next",
    "planned_dispatched_cuts_next",
    "confirm_headcount_gap",
    "headcount_gap_note",
    "remarks",
]


SOURCE_NOTE_MAX = 200  # ReportBase.source_note


class StaffFields(forms.Form):
    """Telephone and written reports entered by staff on the caller's behalf (S3.1.1).

    Each fact is asked once: the contact fields are the caller of a telephone report (name and
    phone required) or whom a written report names; the note holds only what they do not — the
    document's title and number of a written report (required), or for a call e.g. the caller's
    position. A layoff report keeps the contact as its own 联系人/联系电话; a monthly report has
    none, so there the contact is kept with the note (StaffMonthlyForm.clean)."""

    enterprise_uscc = EnterpriseCodeField(label=_("企业（名称或统一社会信用代码）"))  # the picker
    channel = forms.ChoiceField(
        label=_("报告方式"),
        choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.WRITTEN, Channel.WRITTEN.label)],
    )
    contact_name = forms.CharField(
        label=_("来电人/联系人"),
        required=False,
        max_length=40,
        help_text=_("电话报告填来电人姓名；书面报告填来文所列的联系人"),
    )
    contact_phone = forms.CharField(
        label=_("联系电话"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    source_note = forms.CharField(
        label=_("来文名称和文号（书面报告必填）"),
        required=False,
        max_length=SOURCE_NOTE_MAX,
        help_text=_("电话报告可不填，或写来电人职务等备注"),
    )
    attachment = UploadField(
        kinds=SCAN, what=_("扫描件"), label=_("扫描件（PDF、JPG、PNG，10 MB 以内）"), required=False
    )

    field_order = [
        "enterprise_uscc",
        "channel",
        "contact_name",
        "contact_phone",
        "source_note",
        "attachment",
    ]

    def _missing(self, name: str) -> bool:
        return not self.has_error(name) and not self.cleaned_data.get(name)

    def clean(self):
        cleaned = super().clean()
        channel = cleaned.get("channel")
        if channel == Channel.PHONE:
            if self._missing("contact_name"):
                self.add_error("contact_name", _("电话报告须填写来电人姓名"))
            if self._missing("contact_phone"):
                self.add_error("contact_phone", _("电话报告须填写来电人的联系电话"))
        elif channel == Channel.WRITTEN and self._missing("source_note"):
            self.add_error("source_note", _("书面报告须填写来文名称和文号"))
        if cleaned.get("contact_phone") and not self.has_error("contact_phone"):
            try:
                cleaned["contact_phone"] = validate_phone(cleaned["contact_phone"])
            except ValidationError as exc:
                self.add_error("contact_phone", exc.messages[0])
        return cleaned


class StaffLayoffForm(StaffFields, LayoffForm):
    field_order = StaffFields.field_order

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["correction_code"]  # staff correct within their scope (ADR 0083)


class StaffMonthlyForm(StaffFields, MonthlyForm):
    field_order = StaffFields.field_order

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["correction_code"]  # staff correct within their scope (ADR 0083)

    def clean(self):
        """A monthly report has no contact fields of its own: the caller (or whom the document
        names) is kept in its note, before what staff wrote there, as the report page shows it."""
        cleaned = super().clean()
        who = " ".join(filter(None, (cleaned.get("contact_name"), cleaned.get("contact_phone"))))
        if who and not self.has_error("source_note"):
            role = "来电人" if cleaned.get("channel") == Channel.PHONE else "联系人"  # stored
            note = "；".join(filter(None, (f"{role}：{who}", cleaned.get("source_note"))))
            if len(note) > SOURCE_NOTE_MAX:
                self.add_error(
                    "source_note",
                    _("连同来电人/联系人和联系电话超过 %(max)s 字，请精简")
                    % {"max": SOURCE_NOTE_MAX},
                )
            else:
                cleaned["source_note"] = note
        return cleaned


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


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    return str(value)


def _monthly_figures(report: MonthlyReport) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for name, field in MonthlyForm.base_fields.items():
        if name in MonthlyForm.NOT_FIGURES:
            continue
        if name == "confirm_headcount_gap":
            if report.headcount_gap:
                rows.append((str(_("人数差额（已确认）")), f"{report.headcount_gap:+d}"))
            continue
        if name == "headcount_gap_note" and not report.headcount_gap:
            continue
        if name == "operating_status":
            value = report.get_operating_status_display()
        else:
            value = getattr(report, name)
        rows.append((str(field.label), _shown(value)))
    return rows


def _layoff_figure(report: LayoffReport, name: str, field) -> list[tuple[str, str]]:
    """The receipt's rows for one field of the layoff form (the waves: one row per wave)."""
    if name == "wave_date_1":
        return [
            (
                str(_("第 %(n)s 批") % {"n": n}),
                _("%(date)s：%(count)s 人")
                % {"date": f"{wave.date:%Y-%m-%d}", "count": wave.count},
            )
            for n, wave in enumerate(report.waves.order_by("date"), start=1)
        ]
    if name == "reasons":
        chosen = dict(LayoffReport.Reason.choices)
        return [(str(field.label), "；".join(str(chosen[r]) for r in report.reasons) or "—")]
    if name == "resettlement_file":
        return [(str(_("职工安置方案附件")), str(_("已上传")))] if report.resettlement_file else []
    if name == "roster_file":
        roster = report.roster.count()
        return [(str(_("受影响职工名单")), _("%(n)s 人") % {"n": roster})] if roster else []
    if name in REPORT_FIELDS:
        return [(str(field.label), _shown(getattr(report, name)))]
    return []


def receipt_figures(report) -> list[tuple[str, str]]:
    """Every figure of the report, labelled as on the form it came from (Chinese, translated):
    the receipt repeats what was received (ADR 0056). One list: the form's own fields, in the
    form's order — a field added to the form is on the receipt too."""
    if isinstance(report, MonthlyReport):
        return _monthly_figures(report)
    return [
        row
        for name, field in LayoffForm.base_fields.items()
        for row in _layoff_figure(report, name, field)
    ]
