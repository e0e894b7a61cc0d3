"""The daily and weekly digests (舆情日报 / 舆情周报; plan S6.4 “做好舆情收集、监控和研判”; ADR 0107):
what was said in a Tongnan local day or a Monday–Sunday week, within the reader's scope.

One selector (`digest`) writes the content; the page and the DOCX both show it, so they hold the
same figures. The hot and grave events are `selectors.events_ranked`'s, at the period's end (or
now, for the period still running). A figure the record cannot give is unknown (None, shown as
“—” or 无数据), never a guessed zero: a day still to come has no count, and a previous period
before any item was held has nothing to compare with.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import override

from layoffwatch.core.clock import day_start, local_datetime, local_day
from layoffwatch.response.documents import _official
from layoffwatch.response.services import ISSUING_UNIT

from .models import OpinionBurst, OpinionEvent, OpinionItem, OpinionResponse, Source, Tone, Topic
from .selectors import events_ranked, events_visible_to
from .text import mask

DAY, WEEK = "day", "week"
TOP_EVENTS = 10  # the events to know: a page's worth, as a leader reads it
TREND_DAYS = 7  # a day's digest shows the week up to it


@dataclass(frozen=True)
class Period:
    """A local day, or the local Monday–Sunday week holding `first`."""

    kind: str
    first: dt.date
    last: dt.date

    @classmethod
    def of(cls, kind: str, day: dt.date) -> Period:
        if kind == WEEK:
            monday = day - dt.timedelta(days=day.weekday())
            return cls(WEEK, monday, monday + dt.timedelta(days=6))
        return cls(DAY, day, day)

    @property
    def start(self) -> dt.datetime:
        return day_start(self.first)

    @property
    def end(self) -> dt.datetime:
        return day_start(self.last + dt.timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def before(self) -> Period:
        return Period.of(self.kind, self.first - dt.timedelta(days=1))

    @property
    def name(self) -> str:
        return _("舆情周报") if self.kind == WEEK else _("舆情日报")

    @property
    def label(self) -> str:
        if self.kind == WEEK:
            return _("%(first)s 至 %(last)s") % {"first": self.first, "last": self.last}
        return str(self.first)


def period_read(kind: str, value: str, *, today: dt.date) -> tuple[Period, str]:
    """(the period asked for, "") or (the default period, why the date was refused): a date
    that is no date or lies after today is refused by name and the current period is shown."""
    kind = WEEK if kind == WEEK else DAY
    if not value:
        return Period.of(kind, today), ""
    try:
        day = dt.date.fromisoformat(value)
        # why: the week before and the trend's days must still be dates (0001-01-01 is one)
        day - dt.timedelta(days=2 * TREND_DAYS)
    except (ValueError, OverflowError):
        return Period.of(kind, today), _("日期：无法识别，请按“年-月-日”填写，已显示默认期间")
    if day > today:
        return Period.of(kind, today), _("日期：晚于今天，不能查看未来的报告，已显示默认期间")
    return Period.of(kind, day), ""


@dataclass
class Digest:
    period: Period
    at: dt.datetime  # the figures as they stood then: the period's end, or now
    scope: str
    items: int
    by_source: list[tuple[str, int]]
    by_topic: list[tuple[str, int]]
    by_tone: list[tuple[str, int]]
    events: dict[str, int]
    trend: list[dict]
    previous: dict
    top: list[dict]
    bursts: list[dict]
    responses: dict[str, int]

    @property
    def title(self) -> str:
        return _("潼南区%(name)s（%(label)s）") % {
            "name": self.period.name,
            "label": self.period.label,
        }


def _scope(user) -> str:
    if user.is_district_wide:
        return _("全区")
    if user.town_id:
        return user.town.name
    return _("联系企业")


def _items(events: QuerySet[OpinionEvent], start: dt.datetime, end: dt.datetime):
    return OpinionItem.objects.filter(
        event__in=events.values("pk"), published_at__gte=start, published_at__lt=end
    )


def _breakdown(items: QuerySet[OpinionItem], name: str, choices) -> list[tuple[str, int]]:
    counts = Counter(items.values_list(name, flat=True))
    return [(str(label), counts.get(value, 0)) for value, label in choices]


def _per_day(items: QuerySet[OpinionItem]) -> Counter:
    return Counter(local_day(t) for t in items.values_list("published_at", flat=True))


def _trend(events, period: Period, today: dt.date) -> list[dict]:
    """Items a day: the week's seven days, or the seven days up to the day; a day to come is
    unknown (None), and for a week the same weekday of the week before beside it."""
    last = period.last
    first = last - dt.timedelta(days=TREND_DAYS - 1)
    back = dt.timedelta(days=TREND_DAYS if period.kind == WEEK else 0)
    counts = _per_day(_items(events, day_start(first - back), day_start(last + dt.timedelta(1))))
    rows = []
    for i in range(TREND_DAYS):
        day = first + dt.timedelta(days=i)
        rows.append(
            {
                "day": day,
                "items": counts.get(day, 0) if day <= today else None,
                "before": counts.get(day - back, 0) if period.kind == WEEK else None,
            }
        )
    return rows


def _previous(events, period: Period, items: int) -> dict:
    """The period before: its items and the change, or unknown when nothing was held before
    this period began (the monitoring had not started: no comparison is invented)."""
    before = period.before()
    held = OpinionItem.objects.filter(event__in=events.values("pk"), published_at__lt=period.start)
    if not held.exists():
        return {"items": None, "change": None, "text": _("无数据")}
    n = _items(events, before.start, before.end).count()
    change = items - n
    if change > 0:
        text = _("增加 %(n)s 条") % {"n": change}
    elif change < 0:
        text = _("减少 %(n)s 条") % {"n": -change}
    else:
        text = _("持平")
    if n and change:
        text += _("（%(pct)+.0f%%）") % {"pct": change * 100 / n}
    return {"items": n, "change": change, "text": text}


def response_state(response: OpinionResponse | None, at: dt.datetime) -> str:
    """How the event's answer stood at `at`, in the words of the event list."""
    if response is None or response.assessed_at > at:
        return _("未研判")
    if response.answered_at is not None and response.answered_at <= at:
        return _("已按时回应") if response.answered_in_time else _("超时回应")
    if response.due_at < at:
        return _("逾期未回应")
    return _("时限 %(due)s") % {"due": f"{local_datetime(response.due_at):%m-%d %H:%M}"}


def _event_row(e: OpinionEvent, at: dt.datetime) -> dict:
    return {
        "pk": e.pk,
        "title": mask(e.title),
        "enterprise": e.enterprise.name if e.enterprise else None,
        "town": e.town.name if e.town else None,
        "topic": e.get_topic_display(),
        "tone": e.get_tone_display(),
        "items": e.items,
        "in_period": e.in_period,
        "sources": e.sources,
        "hot": bool(e.hot),
        "grave": bool(e.grave),
        "state": response_state(getattr(e, "response", None), at),
    }


def _events(visible, period: Period, at: dt.datetime) -> tuple[dict, list[dict]]:
    in_period = Q(members__published_at__gte=period.start, members__published_at__lt=period.end)
    active = visible.filter(pk__in=visible.filter(in_period).values("pk"))
    ranked = list(
        events_ranked(active, at=at, on=local_day(at)).annotate(
            in_period=Count("members", filter=in_period)
        )
    )
    figures = {
        "active": len(ranked),
        "new": sum(period.start <= e.first_at < period.end for e in ranked),
        "hot": sum(bool(e.hot) for e in ranked),
        "grave": sum(bool(e.grave) for e in ranked),
    }
    return figures, [_event_row(e, at) for e in ranked[:TOP_EVENTS]]


def _bursts(visible, period: Period) -> list[dict]:
    rows = OpinionBurst.objects.filter(
        event__in=visible.values("pk"), day__gte=period.first, day__lte=period.last
    ).select_related("enterprise", "event")
    return [
        {
            "day": b.day,
            "subject": b.enterprise.name if b.enterprise else b.get_topic_display(),
            "items": b.items,
            "usual": b.usual,
            "event": b.event_id,
            "title": mask(b.event.title),
        }
        for b in rows.order_by("day", "pk")
    ]


def _responses(visible, period: Period, at: dt.datetime) -> dict[str, int]:
    """Assessed and answered within the period; overdue: past the deadline and unanswered when
    the period ended (or now), however long ago the deadline fell."""
    qs = OpinionResponse.objects.filter(event__in=visible.values("pk"))
    answered = qs.filter(answered_at__gte=period.start, answered_at__lt=period.end)
    in_time = sum(r.answered_in_time for r in answered)
    return {
        "assessed": qs.filter(assessed_at__gte=period.start, assessed_at__lt=period.end).count(),
        "in_time": in_time,
        "late": answered.count() - in_time,
        "overdue": qs.filter(due_at__lt=at)
        .filter(Q(answered_at__isnull=True) | Q(answered_at__gt=at))
        .count(),
    }


def digest(user, period: Period, *, now: dt.datetime) -> Digest:
    """The digest of `period` as `user` may read it (events_visible_to), as it stood at the
    period's end or `now`, whichever came first."""
    at = min(period.end, now)
    visible = events_visible_to(user)
    items = _items(visible, period.start, period.end)
    total = items.count()
    events, top = _events(visible, period, at)
    return Digest(
        period=period,
        at=at,
        scope=_scope(user),
        items=total,
        by_source=_breakdown(items, "kind", Source.choices),
        by_topic=_breakdown(items, "topic", Topic.choices),
        by_tone=_breakdown(items, "tone", Tone.choices),
        events=events,
        trend=_trend(visible, period, local_day(now)),
        previous=_previous(visible, period, total),
        top=top,
        bursts=_bursts(visible, period),
        responses=_responses(visible, period, at),
    )


# -- the DOCX (the project's official-document layout, response.documents) ------------------------


def _figures_lines(d: Digest) -> list[str]:
    if not d.items:
        return [_("本期（%(label)s）%(scope)s范围内没有新的舆情信息。") % _words(d)]
    return [
        _("本期新增舆情信息 %(n)s 条，较上期%(prev)s。")
        % {"n": d.items, "prev": d.previous["text"]},
        _("按来源：%(s)s。") % {"s": _parts(d.by_source)},
        _("按主题：%(s)s。") % {"s": _parts(d.by_topic)},
        _("按倾向：%(s)s。") % {"s": _parts(d.by_tone)},
        _(
            "本期活跃事件 %(active)s 个，其中新发事件 %(new)s 个、热点 %(hot)s 个、"
            "涉及裁员欠薪等且倾向负面的 %(grave)s 个。"
        )
        % d.events,
    ]


def _parts(rows: list[tuple[str, int]]) -> str:
    return "、".join(_("%(label)s %(n)s 条") % {"label": label, "n": n} for label, n in rows if n)


def _words(d: Digest) -> dict:
    return {"label": d.period.label, "scope": d.scope}


def _trend_lines(d: Digest) -> list[str]:
    days = "；".join(
        f"{r['day']:%m-%d} {'—' if r['items'] is None else r['items']}" for r in d.trend
    )
    line = _("每日条数：%(days)s。") % {"days": days}
    before = (
        _("上期 %(n)s 条。") % {"n": d.previous["items"]}
        if d.previous["items"] is not None
        else _("上期无数据。")
    )
    return [line, before]


def _event_line(i: int, e: dict) -> str:
    unknown = _("未识别")
    return _(
        "%(i)s. %(title)s（%(enterprise)s，%(town)s；%(topic)s，%(tone)s；共 %(items)s 条，"
        "本期 %(in_period)s 条，%(sources)s 个来源；回应：%(state)s）"
    ) % {
        **e,
        "i": i,
        "enterprise": e["enterprise"] or unknown,
        "town": e["town"] or unknown,
    }


def _burst_line(b: dict) -> str:
    return _("%(day)s %(subject)s 当日 %(items)s 条（此前日均 %(usual).1f 条）：%(title)s") % b


def _blocks(d: Digest) -> list[tuple[str, str]]:
    none = _("（无）")
    r = d.responses
    return [
        (_("一、总体情况"), "\n".join(_figures_lines(d))),
        (_("二、走势"), "\n".join(_trend_lines(d))),
        (
            _("三、需关注的事件"),
            "\n".join(_event_line(i, e) for i, e in enumerate(d.top, 1)) or none,
        ),
        (_("四、舆情突增"), "\n".join(_burst_line(b) for b in d.bursts) or none),
        (
            _("五、研判与回应"),
            _(
                "本期研判 %(assessed)s 件，按时回应 %(in_time)s 件，超时回应 %(late)s 件；"
                "截至期末逾期未回应 %(overdue)s 件。"
            )
            % r,
        ),
    ]


def digest_docx(user, period: Period, *, now: dt.datetime) -> tuple[str, bytes]:
    """(file name, DOCX) of the digest: the same selector as the page, in the bureau's Chinese
    whatever the reader's language (ADR 0100)."""
    with override(settings.LANGUAGE_CODE):
        d = digest(user, period, now=now)
        title = d.title
        blocks = [(None, _("范围：%(scope)s。") % {"scope": d.scope}), *_blocks(d)]
        name = _("潼南区%(name)s%(day)s.docx") % {"name": period.name, "day": period.first}
    data = _official(
        title=title, recipient=None, blocks=blocks, unit=ISSUING_UNIT, day=local_day(now)
    )
    return name, data
