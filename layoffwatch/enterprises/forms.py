from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from layoffwatch.accounts.models import User
from layoffwatch.accounts.roles import Role
from layoffwatch.core.validators import normalize_uscc, validate_phone
from layoffwatch.reference.models import Industry, Town

from .models import Enterprise
from .selectors import FLAG_FIELDS, industry_q

FLAG_CHOICES = [
    ("key_sample", _("重点样本企业")),
    ("watch", _("重点关注企业")),
    ("labour", _("劳动密集型")),
    ("agency", _("人力资源服务机构")),
    ("platform", _("平台/新就业形态")),
]
assert {k for k, _label in FLAG_CHOICES} == set(FLAG_FIELDS)

ORDER_CHOICES = [
    ("name", _("按名称")),
    ("-insured_headcount", _("参保人数从多到少")),
    ("insured_headcount", _("参保人数从少到多")),
    ("uscc", _("按统一社会信用代码")),
    ("town", _("按镇街")),
    ("industry", _("按行业代码")),
    ("-updated_at", _("最近更新")),
]


class EnterpriseSearchForm(forms.Form):
    """The list page's search form (GET). Invalid input shows a message and no rows."""

    q = forms.CharField(label=_("名称或统一社会信用代码"), required=False, max_length=100)
    town = forms.ChoiceField(label=_("镇街"), required=False)
    industry = forms.CharField(
        label=_("行业"),
        required=False,
        max_length=60,
        help_text=_("代码（C、36、367、3670）或名称"),
    )
    ownership = forms.ChoiceField(
        label=_("经济类型"),
        required=False,
        choices=[("", _("全部经济类型")), *Enterprise.Ownership.choices],
    )
    flags = forms.MultipleChoiceField(
        label=_("标志"), required=False, choices=FLAG_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    min_headcount = forms.IntegerField(label=_("参保人数下限"), required=False, min_value=0)
    max_headcount = forms.IntegerField(label=_("参保人数上限"), required=False, min_value=0)
    order = forms.ChoiceField(label=_("排序"), required=False, choices=ORDER_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].choices = [
            ("", _("全部镇街")),
            *[(t.code, t.name) for t in Town.objects.all()],
        ]

    def clean_industry(self):
        text = self.cleaned_data["industry"].strip()
        if text and industry_q(text) is None:
            raise ValidationError(
                _("找不到代码或名称为“%(text)s”的行业（GB/T 4754-2017）"), params={"text": text}
            )
        return text

    def clean(self):
        data = super().clean()
        low, high = data.get("min_headcount"), data.get("max_headcount")
        if low is not None and high is not None and low > high:
            self.add_error("max_headcount", _("参保人数上限不能小于下限"))
        return data

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "q": data.get("q", ""),
            "town": data.get("town", ""),
            "industry": data.get("industry", ""),
            "ownership": data.get("ownership", ""),
            "flags": data.get("flags") or [],
            "min_headcount": data.get("min_headcount"),
            "max_headcount": data.get("max_headcount"),
            "order": data.get("order") or "name",
        }


LABOUR_CHOICES = [("", _("按行业自动判断")), ("1", _("是")), ("0", _("否"))]


class EnterpriseForm(forms.ModelForm):
    """Create and edit. The industry is typed as a code (any level) with a lookup helper."""

    industry_code = forms.CharField(
        label=_("行业代码"),
        max_length=4,
        help_text=_("GB/T 4754-2017 任意层级代码，如 C、36、367、3670；输入名称可搜索"),
        widget=forms.TextInput(
            attrs={"data-industry-lookup": "1", "list": "industry-options", "autocomplete": "off"}
        ),
    )
    labour = forms.TypedChoiceField(
        label=_("劳动密集型"),
        choices=LABOUR_CHOICES,
        required=False,
        coerce=lambda v: v == "1",
        empty_value=None,
    )

    class Meta:
        model = Enterprise
        fields = [
            "uscc",
            "name",
            "town",
            "ownership",
            "insured_headcount",
            "address",
            "legal_representative",
            "contact_name",
            "contact_phone",
            "is_key_sample",
            "on_watch_list",
            "is_hr_agency",
            "is_platform_employer",
            "commissioner",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        editing = self.instance.pk is not None
        if editing:
            # why read-only: the code is the record's identity (URLs, imports, later reports use it).
            self.fields["uscc"].disabled = True
            self.fields["industry_code"].initial = self.instance.industry_id
            self.fields["labour"].choices = LABOUR_CHOICES[1:]
            self.fields["labour"].initial = "1" if self.instance.is_labour_intensive else "0"
        if not user.is_district_wide:
            self.fields["town"].queryset = Town.objects.filter(pk=user.town_id)
        self.fields["town"].empty_label = _("请选择镇街")
        self.fields["commissioner"].queryset = User.objects.filter(
            role=Role.COMMISSIONER, is_active=True
        )
        self.fields["commissioner"].empty_label = _("未指定")
        self.fields["uscc"].widget.attrs.update({"maxlength": 18, "autocomplete": "off"})
        for f in self.fields.values():
            if isinstance(f.widget, forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            f.widget.attrs["class"] = css

    def clean_uscc(self):
        return normalize_uscc(self.cleaned_data["uscc"])

    def validate_unique(self):
        """The service answers a code already registered (ADR 0082): here it would say that a
        code of another town exists."""
        exclude = self._get_validation_exclusions() | {"uscc"}
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as e:
            self._update_errors(e)

    def clean_contact_phone(self):
        phone = self.cleaned_data.get("contact_phone", "")
        return validate_phone(phone) if phone else ""

    def clean_industry_code(self):
        text = self.cleaned_data["industry_code"].strip().upper()
        industry = Industry.objects.filter(code=text).first()
        if industry is None:
            raise ValidationError(
                _("行业代码“%(code)s”不是 GB/T 4754-2017 中的代码"), params={"code": text}
            )
        return industry

    def service_fields(self) -> dict:
        """cleaned_data as the keyword arguments of enterprise_create / enterprise_update."""
        data = dict(self.cleaned_data)
        data["industry"] = data.pop("industry_code")
        labour = data.pop("labour")
        if labour is not None:
            data["is_labour_intensive"] = labour
        if self.instance.pk is not None:
            data.pop("uscc", None)
        return data


class ImportForm(forms.Form):
    # why allow_empty_file: an empty upload must reach the import service, which refuses it with
    # a message and an audit entry like every other bad file.
    file = forms.FileField(
        label=_("XLSX 文件"),
        allow_empty_file=True,
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
