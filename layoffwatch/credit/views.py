"""Blacklist pages (plan S6.3): the bureau's list and review, and the public list (no login)."""

from django import forms
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from layoffwatch.assistance.forms import EnterpriseByCode
from layoffwatch.audit.refusals import attempt
from layoffwatch.core.clock import local_day
from layoffwatch.core.forms import Bootstrap
from layoffwatch.core.permissions import deny, deny_not_found
from layoffwatch.policy.selectors import policy_in_force
from layoffwatch.policy.wording import finding_name, policy_text

from . import services
from .models import BlacklistEntry
from .selectors import blacklist_visible_to, public_blacklist


class CandidateForm(Bootstrap, forms.Form):
    enterprise = EnterpriseByCode(label=gettext_lazy("企业（名称或统一社会信用代码）"))
    finding = forms.ChoiceField(label=gettext_lazy("情形"), choices=())
    evidence = forms.CharField(label=gettext_lazy("证据"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, findings: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].choices = [(k, finding_name(v)) for k, v in findings.items()]


def _bureau(request):
    if not request.user.is_bureau:
        deny(request, _("您的角色不能查看黑名单"))


def entry_list(request):
    _bureau(request)
    findings = policy_in_force().at(local_day())["blacklist"]["candidate_findings"] or {}
    form = CandidateForm(request.POST or None, findings=findings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            request,
            lambda: services.blacklist_candidate_add(
                enterprise=data["enterprise"],
                reason=data["finding"],
                evidence=data["evidence"],
                source=BlacklistEntry.Source.STAFF,
                actor=request.user,
                at=timezone.now(),
            ),
            done=_("已列为黑名单候选"),
        ):
            return redirect("credit:list")
    entries = list(blacklist_visible_to(request.user)[:300])
    for e in entries:
        e.finding_label = finding_name(findings.get(e.finding, e.finding))
    return render(
        request, "credit/list.html", {"active": "credit", "entries": entries, "form": form}
    )


def _explanation_record(request, entry, now):
    attempt(
        request,
        lambda: services.blacklist_explanation_record(
            entry=entry,
            explanation=request.POST.get("explanation", ""),
            actor=request.user,
            at=now,
        ),
    )


def _decide(request, entry, now):
    p = request.POST
    attempt(
        request,
        lambda: services.blacklist_decide(
            entry=entry,
            list_it=p.get("list_it") == "1",
            note=p.get("note", ""),
            bad_social_impact=p.get("bad_social_impact") == "on",
            actor=request.user,
            at=now,
        ),
    )


def _publish(request, entry, now):
    attempt(request, lambda: services.blacklist_publish(entry=entry, actor=request.user, at=now))


def _remove_early(request, entry, now):
    attempt(
        request,
        lambda: services.blacklist_remove_early(
            entry=entry, reason=request.POST.get("reason", ""), actor=request.user, at=now
        ),
    )


# One function per action of the entry page; any posted action (an unknown one does nothing)
# shows the page again.
ENTRY_ACTIONS = {
    "explanation": _explanation_record,
    "decide": _decide,
    "publish": _publish,
    "remove": _remove_early,
}


def entry_detail(request, pk: int):
    _bureau(request)
    entry = blacklist_visible_to(request.user).filter(pk=pk).first()
    if entry is None:
        deny_not_found(request, "查看数据权限范围外或不存在的黑名单记录")
    action = request.POST.get("action") if request.method == "POST" else None
    if action:
        if (run := ENTRY_ACTIONS.get(action)) is not None:
            run(request, entry, timezone.now())
        return redirect("credit:entry", pk)
    findings = policy_in_force().at(local_day())["blacklist"]["candidate_findings"] or {}
    when_listed = policy_in_force().at(local_day(entry.created_at))["blacklist"]
    # 事由 only when it says more than the 情形: a candidate added by its finding alone has the
    # finding's own text as its reason (services.blacklist_candidate_add), shown once.
    same = {
        findings.get(entry.finding),
        (when_listed["candidate_findings"] or {}).get(entry.finding),
    }
    return render(
        request,
        "credit/entry.html",
        {
            "active": "credit",
            "entry": entry,
            "finding_label": policy_text(findings.get(entry.finding, entry.finding)),
            "reason": "" if entry.reason in same else entry.reason,
            "is_leader": request.user.role == "leader",
        },
    )


def public_list(request):
    """/public/blacklist/: no login; only what ADR 0073 allows to be published."""
    return render(
        request,
        "credit/public.html",
        {"rows": public_blacklist(on=local_day()), "today": local_day()},
    )
