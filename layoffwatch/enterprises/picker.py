"""The enterprise picker (plan S3.1.1, S3.1.3, S5, S6.3): every form that names an enterprise by its
unified social credit code lets the user type part of a name or code, pick from the enterprises in
her data scope (name, town, code) and read "已选：名称（镇街，代码）" before saving.

The field stays a plain text input holding the code: without JavaScript the user types the full
code, the server checks its format here and the form's service checks the scope. Suggestions come
from `enterprise_suggestions`, which reads through enterprise_visible_to: an enterprise outside the
scope is never suggested, and a full code outside the scope reads like an unknown code (ADR 0082).
Searching is not audited: it shows only the names and codes the registry list already shows the
same user (enterprise-level data, no personal data), as the registry search is not audited.
ADR 0099.
"""

import re

from django import forms
from django.db.models import Q, QuerySet
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from layoffwatch.core.validators import normalize_uscc, validate_uscc

from .models import Enterprise
from .selectors import enterprise_visible_to

MIN_CHARS = 2  # fewer characters match too much of the district to be worth a request
MAX_SUGGESTIONS = 20  # a list the user can read; typing more narrows it
MAX_QUERY = 100
FULL_CODE = re.compile(r"[0-9A-Z]{18}")


def enterprise_suggestions(*, user, q: str) -> QuerySet[Enterprise]:
    """At most MAX_SUGGESTIONS enterprises in the user's scope whose name contains `q` or whose
    code starts with it; none when `q` is shorter than MIN_CHARS."""
    q = (q or "").strip()[:MAX_QUERY]
    qs = enterprise_visible_to(user)
    if len(q) < MIN_CHARS:
        return qs.none()
    code = normalize_uscc(q)
    return qs.filter(Q(name__contains=q) | Q(uscc__startswith=code)).order_by("name", "pk")[
        :MAX_SUGGESTIONS
    ]


def chosen_label(enterprise: Enterprise) -> str:
    """已选：名称（镇街，代码）"""
    town = enterprise.town.name if enterprise.town_id else "—"
    return str(_("已选：%(name)s（%(town)s，%(code)s）")) % {
        "name": enterprise.name,
        "town": town,
        "code": enterprise.uscc,
    }


class EnterprisePicker(forms.TextInput):
    """A text input for the code with a suggestion list fed by htmx (enterprises:pick)."""

    template_name = "enterprises/picker/widget.html"

    def __init__(self, attrs=None):
        base = {
            "autocomplete": "off",
            "maxlength": MAX_QUERY,
            "placeholder": _("输入企业名称或统一社会信用代码（至少 2 个字）"),
        }
        super().__init__(base | (attrs or {}))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["widget"]["attrs"]["id"] = widget_id
        context["picker"] = {
            "url": reverse("enterprises:pick") + f"?field={name}",
            "result_id": f"{widget_id}_picked",
            "min_chars": MIN_CHARS,
        }
        return context


class EnterpriseCodeField(forms.CharField):
    """The code of an enterprise, picked or typed; cleans to the normalized code ("" when blank).

    Only the format is checked here (18 characters, GB 32100 check digit): whether the enterprise
    exists and lies in the user's scope is the service's question, so that "not there" and "not
    yours" get the same answer (ADR 0082)."""

    widget = EnterprisePicker

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_QUERY)
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalize_uscc(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value:
            validate_uscc(value)


def enterprise_pick(request):
    """GET ?field=<input name>&<input name>=<text>: the picker's suggestions, as an HTML fragment.

    A full code in the user's scope answers "已选：…"; a full code unknown or outside the scope
    answers the same words either way (ADR 0082)."""
    field = request.GET.get("field", "q")
    q = (request.GET.get(field) or request.GET.get("q") or "").strip()[:MAX_QUERY]
    context = {"q": q, "min_chars": MIN_CHARS, "limit": MAX_SUGGESTIONS, "state": ""}
    code = normalize_uscc(q)
    if not q:
        pass
    elif len(q) < MIN_CHARS:
        context["state"] = "short"
    elif FULL_CODE.fullmatch(code):
        found = enterprise_visible_to(request.user).filter(uscc=code).first()
        if found is None:
            context["state"] = "unknown"
        else:
            context |= {"state": "chosen", "chosen": chosen_label(found)}
    else:
        suggestions = list(enterprise_suggestions(user=request.user, q=q))
        for e in suggestions:
            e.chosen_label = chosen_label(e)
        context |= {
            "state": "list" if suggestions else "none",
            "suggestions": suggestions,
            "full": len(suggestions) >= MAX_SUGGESTIONS,
        }
    return render(request, "enterprises/picker/results.html", context)
