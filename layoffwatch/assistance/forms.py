from django import forms
from django.utils.translation import gettext_lazy as _

from layoffwatch.core.forms import Bootstrap, DateInput
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.enterprises.picker import EnterpriseCodeField
from layoffwatch.reference.models import Town

from .models import AffectedWorker, Course, Measure, Vacancy

DATE = DateInput()


class EnterpriseByCode(EnterpriseCodeField):
    """An enterprise typed as its unified social credit code; the scope is checked by the service.

    A code not in the registry gives an unsaved Enterprise, not a form error: the service refuses
    it with the same words, the same page and the same audit entry as an enterprise outside the
    user's scope, so that the form cannot tell "not there" from "not yours" (ADR 0082). Every
    service taking this field must check the scope (`services.require_enterprise_scope`) before use."""

    def clean(self, value):
        code = super().clean(value)  # picked or typed; the format checked (enterprises.picker)
        if not code:
            return None
        return Enterprise.objects.filter(uscc=code).first() or Enterprise(uscc=code)


class _PersonFields(forms.Form):
    """What staff record about a person, on registering and on correcting (services.EDITABLE)."""

    occupation = forms.CharField(label=_("原岗位/职业"), max_length=60, required=False)
    skills = forms.CharField(label=_("技能"), max_length=200, required=False)
    town = forms.ModelChoiceField(label=_("居住镇街"), queryset=Town.objects.all(), required=False)
    household_code = forms.CharField(label=_("家庭户号"), max_length=40, required=False)
    zero_employment_family = forms.BooleanField(label=_("零就业家庭"), required=False)
    hardship = forms.BooleanField(label=_("就业困难人员"), required=False)
    intention = forms.ChoiceField(label=_("意向"), choices=AffectedWorker.Intention.choices)
    expected_wage = forms.IntegerField(label=_("期望月薪（元）"), min_value=0, required=False)


class WorkerForm(Bootstrap, _PersonFields):
    name = forms.CharField(label=_("姓名"), max_length=40)
    id_number = forms.CharField(label=_("身份证号码"), max_length=18)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    education = forms.ChoiceField(
        label=_("文化程度"), choices=AffectedWorker.Education.choices, required=False
    )
    enterprise = EnterpriseByCode(label=_("原单位（名称或统一社会信用代码）"), required=False)
    field_order = ["name", "id_number", "phone", "education"]  # then the person's fields


class MeasureForm(Bootstrap, forms.Form):
    KINDS = [
        (k, label)
        for k, label in Measure.Kind.choices
        if k not in ("job_referral", "training", "benefit")
    ]
    kind = forms.ChoiceField(label=_("帮扶措施"), choices=KINDS)
    date = forms.DateField(label=_("日期"), widget=DATE)
    outcome = forms.ChoiceField(label=_("结果"), choices=Measure.Outcome.choices)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)
    amount = forms.DecimalField(label=_("金额（元）"), required=False, min_value=0)


class UICheckForm(Bootstrap, forms.Form):
    contribution_months = forms.IntegerField(
        label=_("累计缴费月数（留空则查社保缴费数据）"), min_value=0, required=False
    )
    involuntary = forms.BooleanField(label=_("非因本人意愿中断就业"), required=False, initial=True)


class CourseForm(Bootstrap, forms.ModelForm):
    enterprise_uscc = EnterpriseByCode(
        label=_("项目制培训企业（名称或统一社会信用代码）"), required=False
    )

    class Meta:
        model = Course
        fields = ["name", "kind", "provider", "occupation", "starts_on", "ends_on", "capacity"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class SupportPlanForm(Bootstrap, forms.Form):
    enterprise = EnterpriseByCode(label=_("企业（名称或统一社会信用代码）"))
    planned_cut = forms.IntegerField(label=_("原计划裁减人数"), min_value=1)


class UploadForm(Bootstrap, forms.Form):
    file = forms.FileField(label=_("XLSX 文件"))


class WorkerEditForm(Bootstrap, _PersonFields):
    """The fields staff may correct (services.EDITABLE); the phone stays masked: blank keeps it."""

    phone = forms.CharField(label=_("联系电话（留空则不修改）"), max_length=20, required=False)
    education = forms.ChoiceField(
        label=_("文化程度"),
        choices=[("", "—")] + list(AffectedWorker.Education.choices),
        required=False,
    )
    field_order = ["phone", "education"]  # then the person's fields

    @classmethod
    def for_worker(cls, worker: AffectedWorker, data=None) -> "WorkerEditForm":
        initial = {name: getattr(worker, name) for name in cls.base_fields if name != "phone"}
        form = cls(data, initial=initial)
        form.fields["phone"].widget.attrs["placeholder"] = worker.masked_phone
        return form

    def changes(self, worker: AffectedWorker) -> dict:
        """Only what differs from the record (an untouched flag is not a request to clear it)."""
        out = {}
        for name, value in self.cleaned_data.items():
            if name == "phone" and not value:
                continue
            current = getattr(worker, name)
            if name in ("education", "occupation", "skills", "household_code"):
                value = value or ""
            if value != current:
                out[name] = value
        return out


class FairForm(Bootstrap, forms.Form):
    name = forms.CharField(label=_("活动名称"), max_length=100)
    date = forms.DateField(label=_("举办日期"), widget=DATE)
    town = forms.ModelChoiceField(label=_("举办地"), queryset=Town.objects.all())
    venue = forms.CharField(label=_("地点"), max_length=100, required=False)


class EnterpriseVacancyForm(Bootstrap, forms.ModelForm):
    """An enterprise account posts for its own enterprise: no enterprise field to choose."""

    class Meta:
        model = Vacancy
        fields = [
            "occupation", "skills", "count", "town", "wage_min", "wage_max", "requirements",
            "valid_until", "is_gig", "gig_days",
        ]  # fmt: skip
        widgets = {"valid_until": DATE}


class VacancyForm(EnterpriseVacancyForm):
    """Staff post for an enterprise in their scope, named by its code."""

    enterprise_uscc = EnterpriseByCode(label=_("用工单位（名称或统一社会信用代码）"))
