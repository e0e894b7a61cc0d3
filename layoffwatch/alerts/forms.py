from django import forms
from django.utils.translation import gettext_lazy as _

from layoffwatch.core.forms import Bootstrap
from layoffwatch.reference.models import Town

from .models import Alert

# a month as the browser's month picker gives it; the list filters on Tongnan's months (core.clock)
MONTH_RE = r"^\d{4}-(0[1-9]|1[0-2])$"


def _month_field(label):
    return forms.RegexField(
        label=label,
        regex=MONTH_RE,
        required=False,
        error_messages={"invalid": _("月份应写作 YYYY-MM")},
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )


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
    # the cockpit's charts link here by the month an alert was raised (dashboard, ADR 0098)
    opened_from = _month_field(_("发布月份（起）"))
    opened_to = _month_field(_("发布月份（止）"))

    def clean(self):
        data = super().clean()
        first, last = data.get("opened_from"), data.get("opened_to")
        if first and last and first > last:
            self.add_error("opened_to", _("止月不能早于起月"))
        return data

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "level": data.get("level"),
            "town": data["town"].code if data.get("town") else "",
            "industry": data.get("industry") or "",
            "status": data.get("status") or "",
            "overdue": bool(data.get("overdue")),
            "opened_from": data.get("opened_from") or "",
            "opened_to": data.get("opened_to") or "",
        }
