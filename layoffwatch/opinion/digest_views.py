"""The daily and weekly digests of public opinion (舆情日报 / 舆情周报; plan S6.4; ADR 0107), as a
page and as a DOCX with the same figures (digests.py). Read by the roles that read the event
list, each within their scope."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header

from layoffwatch.audit.services import audit_record
from layoffwatch.core.clock import local_day

from .digests import DAY, WEEK, digest, digest_docx, period_read
from .views import _reader

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _period(request, now):
    """The period asked for; a date refused is said at the page's top, naming the field."""
    period, problem = period_read(
        request.GET.get("period", DAY), request.GET.get("date", ""), today=local_day(now)
    )
    if problem:
        messages.error(request, problem)
    return period


def digest_page(request):
    _reader(request)
    now = timezone.now()
    period = _period(request, now)
    return render(
        request,
        "opinion/digest.html",
        {
            "active": "opinion",
            "d": digest(request.user, period, now=now),
            "day": DAY,
            "week": WEEK,
            "query": f"period={period.kind}&date={period.first}",
        },
    )


def digest_word(request):
    _reader(request)
    now = timezone.now()
    period = _period(request, now)
    name, data = digest_docx(request.user, period, now=now)
    audit_record(
        action="export",
        actor=request.user,
        object_type="opinion.digest",
        object_id=f"{period.kind}:{period.first}",
        summary=f"下载 {name}",
        request=request,
    )
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
