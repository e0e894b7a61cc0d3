from django import forms
from django.utils.translation import gettext_lazy as _

from layoffwatch.core.forms import Bootstrap
from layoffwatch.reference.models import Town

from .models import Alert


class AlertFilterForm(Bootstrap, forms.Form):
    level = forms.TypedChoiceField(
        label=_("预警等级"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("全部等级"))] + list(Alert.Level.choices),
    )
    town = forms.ModelChoiceField(
        label=_("镇街"),
        required=False,
        queryset=Town.objects.order_by("code"),
        empty_label=_("全部镇街"),
    )
    industry = forms.CharField(
        label=_("行业代码"), required=False, max_length=5, help_text=_("如 C、36、3670")
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态")), ("open", _("未解除"))] + list(Alert.Status.choices),
    )
    overdue = forms.BooleanField(label=_("仅看有逾期事项"), required=False)

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "level": data.get("level"),
            "town": data["town"].code if data.get("town") else "",
            "industry": data.get("industry") or "",
            "status": data.get("status") or "",
            "overdue": bool(data.get("overdue")),
        }
