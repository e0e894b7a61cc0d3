"""The 舆情研判 pages (plan S6.4; ADR 0107): the events ranked, one event with its items, and
bringing items in (a file or one item by hand)."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from layoffwatch.audit.refusals import attempt
from layoffwatch.core.clock import local_day
from layoffwatch.core.permissions import deny, deny_not_found
from layoffwatch.enterprises.importing import ImportRejected

from . import services
from .forms import EntryForm, ImportForm
from .models import Topic
from .selectors import event_items, events_ranked, events_visible_to, imports_recent

PER_PAGE = 50


def _reader(request) -> None:
    if not request.user.is_bureau:
        deny(request, _("您的角色不能查看舆情研判"))


def event_list(request):
    _reader(request)
    now = timezone.now()
    topic = request.GET.get("topic", "")
    qs = events_visible_to(request.user)
    if topic in Topic.values:
        qs = qs.filter(topic=topic)
    page = Paginator(events_ranked(qs, at=now, on=local_day(now)), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "opinion/events.html",
        {
            "active": "opinion",
            "page": page,
            "topics": Topic.choices,
            "topic": topic,
            "query": f"topic={topic}" if topic else "",
            "may_bring_in": services.may_bring_in(request.user),
            "now": now,
        },
    )


def event_detail(request, pk: int):
    _reader(request)
    event = events_visible_to(request.user).filter(pk=pk).first()
    if event is None:
        deny_not_found(request, _("舆情事件 %(pk)s 不存在或不在您的范围内") % {"pk": pk})
    return render(
        request,
        "opinion/event.html",
        {"active": "opinion", "event": event, "items": event_items(event)},
    )


@require_POST
def event_to_clue(request, pk: int):
    """The event becomes a clue on the clue desk (plan S3.1.5 channel 舆情)."""
    _reader(request)
    event = events_visible_to(request.user).filter(pk=pk).first()
    if event is None:
        deny_not_found(request, _("舆情事件 %(pk)s 不存在或不在您的范围内") % {"pk": pk})
    attempt(
        request,
        lambda: services.opinion_event_to_clue(actor=request.user, event=event, at=timezone.now()),
        done=_("已转为线索，线索台和监测信号中可见"),
    )
    return redirect("opinion:event", pk)


def import_page(request):
    if not services.may_bring_in(request.user):
        deny(request, _("只有区级工作人员可以导入舆情信息"))
    posted = request.method == "POST"
    entering = posted and "entry-text" in request.POST
    form = ImportForm(
        request.POST if posted and not entering else None,
        request.FILES if posted and not entering else None,
        prefix="file",
    )
    entry = EntryForm(request.POST if entering else None, prefix="entry")
    problems, name = [], ""
    if posted and not entering and form.is_valid():
        upload = form.cleaned_data["file"]
        name = upload.name
        try:
            batch = services.opinion_import(
                actor=request.user,
                data=upload.read(),
                file_name=name,
                at=timezone.now(),
                request=request,
            )
        except ImportRejected as exc:
            problems = exc.problems
        else:
            return redirect(f"{request.path}?done={batch.pk}")
    elif entering and entry.is_valid():
        data = entry.cleaned_data
        if attempt(
            request,
            lambda: services.opinion_item_enter(
                actor=request.user,
                at=timezone.now(),
                request=request,
                **data,
            ),
            done=_("已录入"),
        ):
            return redirect("opinion:import")
    imports = list(imports_recent())
    done = next((b for b in imports if str(b.pk) == request.GET.get("done")), None)
    return render(
        request,
        "opinion/import.html",
        {
            "active": "opinion",
            "form": form,
            "entry": entry,
            "problems": problems,
            "filename": name,
            "imports": imports,
            "done": done,
        },
    )
