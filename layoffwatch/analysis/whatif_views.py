"""The policy what-if page, /policy/whatif/ (plan S3.1.3 政策调整评估预测, ADR 0101), and the
command line's door onto the same service (policy.hooks.whatif_runner)."""

from django import forms
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from layoffwatch.core.permissions import require
from layoffwatch.policy.forms import file_choices
from layoffwatch.policy.loader import parameter_file
from layoffwatch.policy.selectors import policy_in_force
from layoffwatch.policy.wording import path_label, value_text

from .whatif import DraftRefused, whatif_assess


class WhatIfForm(forms.Form):
    file_key = forms.ChoiceField(
        label=_("参数文件"),
        choices=file_choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    period = forms.ChoiceField(
        label=_("评估期间"),
        choices=[("12m", _("最近12个月")), ("current", _("本月"))],
        initial="12m",
        widget=forms.RadioSelect,
    )
    yaml_text = forms.CharField(
        label=_("参数草案（YAML）"),
        widget=forms.Textarea(
            attrs={"rows": 18, "class": "form-control font-monospace small", "spellcheck": "false"}
        ),
        max_length=200_000,
    )


def _shown(result: dict) -> dict:
    """The changes in the reader's language (the result's own texts are the record's Chinese)."""
    entry = parameter_file(result["file"])
    result["title_shown"] = entry.title if entry is not None else result["file"]
    for change in result["changes"]:
        label, unit = path_label(result["file"], change["path"])
        change["label_shown"] = label
        change["before_shown"] = value_text(change["before_value"], unit)
        change["after_shown"] = value_text(change["after_value"], unit)
    return result


@require(lambda u: u.is_bureau, "只有局内工作人员可以进行政策调整评估")
def whatif_page(request):
    """Draft one parameter file, see what would change; nothing in force changes."""
    result = None
    if request.method == "POST":
        form = WhatIfForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = whatif_assess(
                    actor=request.user,
                    file_key=data["file_key"],
                    yaml_text=data["yaml_text"],
                    period=data["period"],
                    request=request,
                )
            except DraftRefused as exc:
                for message in exc.shown(get_language()):
                    form.add_error("yaml_text", message)
            else:
                result = _shown(result)
    else:
        keys = [key for key, _title in file_choices()]
        key = request.GET.get("file", "layoff_aversion")
        key = key if key in keys else keys[0]
        form = WhatIfForm(
            initial={
                "file_key": key,
                "period": "12m",
                "yaml_text": policy_in_force().files[key].text,
            }
        )
    return render(
        request,
        "analysis/whatif.html",
        {
            "active": "policy",
            "form": form,
            "files": file_choices(),
            "result": result,
            "levels": LEVEL_NAMES,
        },
    )


LEVEL_NAMES = {1: _("一级预警"), 2: _("二级预警"), 3: _("三级预警"), None: _("不构成预警")}


def whatif_for_command(*, file_key: str, yaml_text: str, period: str) -> dict:
    """policy.hooks.whatif_runner: `layoffwatch policy whatif` (the operator, whole district)."""
    return whatif_assess(actor=None, file_key=file_key, yaml_text=yaml_text, period=period)
