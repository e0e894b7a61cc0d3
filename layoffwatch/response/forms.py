from django import forms
from django.utils.translation import gettext_lazy as _

from layoffwatch.alerts.models import Alert
from layoffwatch.core.clock import local_datetime
from layoffwatch.core.forms import DateTimeLocalInput
from layoffwatch.core.uploads import DOCUMENT, UploadField
from layoffwatch.policy.wording import policy_text
from layoffwatch.reference.models import Town

from .models import Channel, Filing, ResponseCase


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("办理情况"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachment = UploadField(
        kinds=DOCUMENT, what=_("附件"), label=_("附件（PDF、Word、JPG、PNG）"), required=False
    )


class TaskNoteForm(forms.Form):
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 2}))
    attachment = UploadField(
        kinds=DOCUMENT, what=_("附件"), label=_("附件（PDF、Word、JPG、PNG）"), required=False
    )


class TaskCompleteForm(forms.Form):
    note = forms.CharField(label=_("办结情况"), widget=forms.Textarea(attrs={"rows": 2}))


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(choices=[(s, s) for s in Alert.Status.values])
    note = forms.CharField(label=_("说明"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("解除理由"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审批结果"),
        coerce=lambda v: v == "1",
        choices=[("1", _("批准解除")), ("0", _("不予批准"))],
    )
    note = forms.CharField(
        label=_("审批意见（含区委、区政府批准情况）"), widget=forms.Textarea(attrs={"rows": 2})
    )


class FilingForm(forms.Form):
    step = forms.IntegerField(widget=forms.HiddenInput)
    recipient = forms.CharField(label=_("报送对象"))
    channel = forms.ChoiceField(label=_("报送方式"), choices=Channel.choices)
    sent_at = forms.DateTimeField(
        label=_("报送时间"),
        initial=lambda: local_datetime().strftime("%Y-%m-%dT%H:%M"),
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    document_title = forms.CharField(label=_("文书标题/文号"), required=False, max_length=200)
    document = UploadField(
        kinds=DOCUMENT, what=_("文书"), label=_("文书（PDF、Word、JPG、PNG）"), required=False
    )


class ProblemForm(forms.Form):
    summary = forms.CharField(label=_("问题概要"), max_length=200)
    details = forms.CharField(label=_("详细情况"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("title", report.title)
        self.rows = report.sections
        for row in report.sections:
            self.fields[row["key"]] = forms.CharField(
                label=policy_text(row["title"]),
                help_text=policy_text(row.get("guidance", "")),
                initial=row["text"],
                widget=forms.Textarea(attrs={"rows": 5}),
            )

    def sections(self) -> dict:
        return {row["key"]: self.cleaned_data[row["key"]] for row in self.rows}


DATETIME_LOCAL = DateTimeLocalInput()
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class MeasuresForm(forms.Form):
    """Measures of the annex chosen during the response (choices from the policy in force)."""

    measures = forms.MultipleChoiceField(
        label=_("选用处置措施"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].choices = choices


class TaskDueForm(forms.Form):
    due_at = forms.DateTimeField(
        label=_("新的时限"), widget=DATETIME_LOCAL, input_formats=DATETIME_FORMATS
    )
    reason = forms.CharField(label=_("调整原因"), max_length=200)


class OtherFilingForm(forms.Form):
    """A filing not tied to a step: another report out, or a major problem's short report."""

    kind = forms.ChoiceField(label=_("类别"), choices=[])
    problem = forms.IntegerField(required=False, widget=forms.HiddenInput)
    recipient = forms.ChoiceField(label=_("报送对象"), choices=[])
    channel = forms.ChoiceField(label=_("报送方式"), choices=Channel.choices)
    sent_at = forms.DateTimeField(
        label=_("报送时间"), widget=DATETIME_LOCAL, input_formats=DATETIME_FORMATS
    )
    document_title = forms.CharField(label=_("文书标题/文号"), required=False, max_length=200)
    document = UploadField(
        kinds=DOCUMENT, what=_("文书"), label=_("文书（PDF、Word、JPG、PNG）"), required=False
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = bodies
        self.fields["kind"].choices = [
            (Filing.Kind.OTHER.value, Filing.Kind.OTHER.label),
            (Filing.Kind.MAJOR_PROBLEM.value, Filing.Kind.MAJOR_PROBLEM.label),
        ]


class CaseFilterForm(forms.Form):
    """The case list's filters (plan S5): the case's level, its status and the enterprise's town;
    a town liaison is offered only her own town."""

    level = forms.TypedChoiceField(
        label=_("处置等级"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("全部等级"))] + list(Alert.Level.choices),
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态"))] + list(ResponseCase.Status.choices),
    )
    town = forms.ModelChoiceField(
        label=_("镇街"), required=False, queryset=Town.objects.none(), empty_label=_("全部镇街")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        towns = Town.objects.order_by("code")
        if not user.is_district_wide and user.town_id:
            towns = towns.filter(code=user.town_id)
        self.fields["town"].queryset = towns
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "level": data.get("level"),
            "status": data.get("status") or "",
            "town": data["town"].code if data.get("town") else "",
        }
