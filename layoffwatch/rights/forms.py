from django import forms
from django.utils.translation import gettext_lazy as _

from layoffwatch.assistance.forms import EnterpriseByCode
from layoffwatch.core.forms import Bootstrap, DateTimeLocalInput

from .models import RightsCase


class RightsCaseForm(Bootstrap, forms.Form):
    kind = forms.ChoiceField(label=_("案件类别"), choices=RightsCase.Kind.choices)
    dispute_type = forms.ChoiceField(label=_("争议类型"), choices=RightsCase.DisputeType.choices)
    enterprise = EnterpriseByCode(label=_("用人单位（名称或统一社会信用代码）"))
    alert_id = forms.IntegerField(label=_("关联预警编号"), required=False)
    summary = forms.CharField(label=_("案情摘要"), max_length=500)
    workers_involved = forms.IntegerField(label=_("涉及人数"), min_value=1)
    migrant_workers = forms.BooleanField(label=_("涉及农民工"), required=False)
    amount_claimed = forms.DecimalField(label=_("请求金额（元）"), min_value=0, required=False)
    amount_owed = forms.DecimalField(label=_("欠薪金额（元）"), min_value=0, required=False)
    received_at = forms.DateTimeField(label=_("收到时间"), widget=DateTimeLocalInput())
