from django.core.paginator import Paginator
from django.shortcuts import render

from layoffwatch.core.permissions import require

from .describe import describe_objects
from .models import AuditEntry


@require(lambda u: u.is_admin or u.role == "leader", "只有系统管理员和局领导可以查看审计日志")
def audit_list(request):
    qs = AuditEntry.objects.order_by("-seq")
    action = request.GET.get("action", "")
    if action:
        qs = qs.filter(action=action)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    objects = describe_objects(page)
    rows = [(e, objects[e.seq]) for e in page]
    return render(
        request,
        "audit/list.html",
        {
            "page": page,
            "rows": rows,
            "actions": AuditEntry.Action.choices,
            "action": action,
            "active": "audit",
        },
    )
