"""Monitoring pages: signals and their verification, the clue desk, key samples (feed uploads:
import_views.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from layoffwatch.audit.refusals import attempt
from layoffwatch.audit.services import audit_refusal
from layoffwatch.core.clock import local_day
from layoffwatch.core.forms import form_refusal
from layoffwatch.core.permissions import deny, deny_not_found
from layoffwatch.enterprises.selectors import enterprise_visible_to

from . import services
from .forms import ClueForm, DismissForm, MergeForm, SignalFilterForm, VerificationForm
from .selectors import (
    clues_visible_to,
    key_sample_profile,
    key_sample_rows,
    key_samples_visible_to,
    people_total,
    signal_facts,
    signals_search,
    signals_visible_to,
)


def _bureau(request):
    if not request.user.is_bureau:
        deny(request, _("您的角色不能使用大数据监测"))


SIGNALS_SHOWN = 300


def signal_list(request):
    _bureau(request)
    form = SignalFilterForm(request.GET or {"status": "open"})
    qs = (
        signals_search(user=request.user, **form.cleaned_data)
        if form.is_valid()
        else signals_visible_to(request.user).none()
    )
    return render(
        request,
        "monitoring/signals.html",
        {
            "active": "monitoring",
            "form": form,
            "signals": qs[:SIGNALS_SHOWN],
            "total": qs.count(),
            "people": people_total(qs),
            "shown": SIGNALS_SHOWN,
        },
    )


def _signal(request, pk):
    signal = signals_visible_to(request.user).filter(pk=pk).first()
    if signal is None:
        deny_not_found(request, "查看数据权限范围外或不存在的监测信号")
    return signal


def signal_detail(request, pk: int):
    _bureau(request)
    return _signal_page(request, _signal(request, pk))


def _signal_page(request, signal, *, verify_form=None):
    return render(
        request,
        "monitoring/signal.html",
        {
            "active": "monitoring",
            "signal": signal,
            "facts": signal_facts(signal),
            "events": signal.events.select_related("actor"),
            "verifications": signal.verifications.select_related("by"),
            "can_work": services.can_work_on(request.user, signal),
            "verify_form": verify_form
            or VerificationForm(initial={"contacted_on": local_day(), "affected": signal.count}),
            "dismiss_form": DismissForm(),
            "merge_form": MergeForm(),
        },
    )


def _take(request, signal, now):
    attempt(
        request,
        lambda: services.signal_take(signal=signal, actor=request.user, at=now),
        done=_("已认领核实"),
    )


def _verify(request, signal, now):
    form = VerificationForm(request.POST)
    if not form.is_valid():
        # the page again, with what was typed and each field's message (ADR 0056)
        audit_refusal(what="记录核实情况", exc=form_refusal(form), actor=request.user, obj=signal)
        return _signal_page(request, signal, verify_form=form)
    attempt(
        request,
        lambda: services.verification_record(
            signal=signal, actor=request.user, at=now, **form.cleaned_data
        ),
        done=_("已记录核实情况"),
    )


def _confirm(request, signal, now):
    def confirm():
        alert_id = services.signal_confirm(signal=signal, actor=request.user, at=now).alert_id
        messages.success(
            request, _("已确认") + (f"，{_('已发布预警')} #{alert_id}" if alert_id else "")
        )

    attempt(request, confirm)


def _dismiss(request, signal, now):
    form = DismissForm(request.POST)
    attempt(
        request,
        lambda: services.signal_dismiss(
            signal=signal, actor=request.user, at=now, reason=form.data.get("reason", "")
        ),
        done=_("已排除"),
    )


def _merge(request, signal, now):
    form = MergeForm(request.POST)
    into = (
        signals_visible_to(request.user).filter(pk=form.data.get("into") or 0).first()
        if form.is_valid()
        else None
    )

    def merge():
        if into is None:
            raise ValidationError(_("找不到要并入的信号"))
        services.signal_merge(signal=signal, actor=request.user, at=now, into=into)

    attempt(request, merge, done=_("已合并"))


# one view per action on a signal (take, verify, confirm, dismiss, merge), behind one URL
SIGNAL_ACTIONS = {
    "take": _take,
    "verify": _verify,
    "confirm": _confirm,
    "dismiss": _dismiss,
    "merge": _merge,
}


@require_POST
def signal_act(request, pk: int, action: str):
    _bureau(request)
    signal = _signal(request, pk)
    act = SIGNAL_ACTIONS.get(action)
    if act is None:
        deny_not_found(request, "未知的操作")
    page = act(request, signal, timezone.now())
    return page or redirect("monitoring:signal", pk)


def clue_desk(request):
    _bureau(request)
    form = ClueForm(request.POST or None, initial={"received_on": local_day()})
    if request.method == "POST" and form.is_valid():
        uscc = form.cleaned_data.pop("enterprise_uscc", "").strip().upper()
        enterprise = None
        if uscc:
            # within the user's scope: a town liaison names enterprises of the town only
            enterprise = enterprise_visible_to(request.user).filter(uscc=uscc).first()
            if enterprise is None:
                form.add_error("enterprise_uscc", _("企业名录中没有这个统一社会信用代码"))
        if not form.errors:
            data = {k: form.cleaned_data[k] for k in form.Meta.fields}
            clue = services.clue_file(
                actor=request.user, at=timezone.now(), enterprise=enterprise, **data
            )
            messages.success(
                request, _("线索已登记，转入核实（信号 #%(n)s）") % {"n": clue.signal_id}
            )
            return redirect("monitoring:signal", clue.signal_id)
    if form.errors:
        audit_refusal(
            what="登记线索",
            exc=form_refusal(form),
            actor=request.user,
            object_type="monitoring.clue",
        )
    return render(
        request,
        "monitoring/clues.html",
        {"active": "monitoring", "form": form, "clues": clues_visible_to(request.user)[:100]},
    )


def key_sample_list(request):
    _bureau(request)
    return render(
        request,
        "monitoring/key_samples.html",
        {"active": "monitoring", **key_sample_rows(request.user)},
    )


def key_sample_detail(request, uscc: str):
    _bureau(request)
    enterprise = key_samples_visible_to(request.user).filter(uscc=uscc).first()
    if enterprise is None:
        deny_not_found(request, "查看数据权限范围外或不存在的重点样本企业")
    profile = key_sample_profile(enterprise)
    return render(
        request,
        "monitoring/key_sample.html",
        {
            "active": "monitoring",
            "enterprise": enterprise,
            "profile": profile,
            "trend": profile["trend"],
        },
    )
