"""The inbox (站内通知) and the delivery log. Thin: permission → one service → render."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from layoffwatch.core.permissions import require

from .selectors import deliveries_recent, notifications_for
from .services import notifications_mark_read


def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(notifications_for(request.user, unread_only=unread_only), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/inbox.html",
        {"active": "notifications", "page": page, "unread_only": unread_only},
    )


def open_one(request, pk: int):
    """Mark one notification read and follow its link (only a link within this site)."""
    note = get_object_or_404(notifications_for(request.user), pk=pk)
    notifications_mark_read(user=request.user, ids=[note.pk], at=timezone.now())
    if note.link and url_has_allowed_host_and_scheme(note.link, allowed_hosts=None):
        return redirect(note.link)
    return redirect("notifications:inbox")


@require_POST
def mark_read(request):
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()] or None
    notifications_mark_read(user=request.user, ids=ids, at=timezone.now())
    return redirect("notifications:inbox")


@require(lambda u: u.is_superuser or u.role == "admin", "无权查看通知发送记录")
def delivery_log(request):
    return render(
        request,
        "notifications/deliveries.html",
        {"active": "notifications", "deliveries": deliveries_recent()},
    )
