"""When things happened (plan S5 timelines read in order): the demo's clock, its stories and
the loop that runs them interleaved by time. Reads no clock: the moment the demo is built is given."""

import datetime as dt
import heapq
import random

from django.utils import timezone

from layoffwatch.core.clock import local_datetime, local_day
from layoffwatch.reference.calendar import WorkingCalendar


def evening(day: dt.date) -> dt.datetime:
    """18:00 in Tongnan on `day`: the moment a demo built for a given day is taken to be built."""
    return dt.datetime.combine(day, dt.time(18, 0), tzinfo=timezone.get_default_timezone())


# The bureau's and the enterprises' working day: every demo event falls inside it, on a working
# day of the project's calendar (reference/calendar.py). Demo shape, like TOWN_WEIGHTS: no policy.
OFFICE_HOURS = (dt.time(8, 30), dt.time(17, 30))
OFFICE_DAY = 540  # office minutes in one working day (08:30–17:30)


class DemoClock:
    """When the demo's events happened: office hours of working days, never after `now`.

    A demo built at 08:05 has nothing stamped later that morning (its latest moment is the last
    working day's afternoon); one built at 00:10 Beijing time (16:10 UTC the day before) reads
    the day in Tongnan. Positions are counted in office minutes, so "two working days ago" and
    "an hour later" skip nights, weekends and holidays. Reads no clock: `now` is given.
    """

    def __init__(self, now: dt.datetime):
        if now.tzinfo is None:
            raise ValueError("now must be an aware datetime")
        self.now = local_datetime(now)
        self.today = local_day(now)
        self.calendar = WorkingCalendar()

    def _office(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        if not self.calendar.is_working_day(day):
            return None
        tz = self.now.tzinfo
        return (
            dt.datetime.combine(day, OFFICE_HOURS[0], tzinfo=tz),
            dt.datetime.combine(day, OFFICE_HOURS[1], tzinfo=tz),
        )

    def back(self, minutes: float) -> dt.datetime:
        """The moment `minutes` office minutes before now (0: the last office moment up to now)."""
        remaining = dt.timedelta(minutes=minutes)
        day = self.today
        while True:
            office = self._office(day)
            if office is not None:
                start, end = office
                top = min(end, self.now)
                if top > start:
                    if remaining <= top - start:
                        return top - remaining
                    remaining -= top - start
            day -= dt.timedelta(days=1)

    def forward(self, at: dt.datetime, minutes: float) -> dt.datetime:
        """The moment `minutes` office minutes after `at` (may lie after now: see Story.later)."""
        remaining = dt.timedelta(minutes=minutes)
        if not remaining:
            return at
        day = local_day(at)
        while True:
            office = self._office(day)
            if office is not None:
                start, end = office
                low = max(start, at)
                if low < end:
                    if remaining <= end - low:
                        return low + remaining
                    remaining -= end - low
            day += dt.timedelta(days=1)

    def room(self, at: dt.datetime) -> float:
        """Office minutes from `at` up to now."""
        total, day = dt.timedelta(), local_day(at)
        while day <= self.today:
            office = self._office(day)
            if office is not None:
                low, high = max(office[0], at), min(office[1], self.now)
                if high > low:
                    total += high - low
            day += dt.timedelta(days=1)
        return total / dt.timedelta(minutes=1)

    def on(
        self,
        days_back: int,
        rng: random.Random,
        earliest: dt.time = OFFICE_HOURS[0],
        latest: dt.time = OFFICE_HOURS[1],
    ) -> dt.datetime:
        """A moment between `earliest` and `latest` on the working day `days_back` working days
        before the last one with office time up to now (0: that day), never after now."""
        day = self.back(0).date()
        while days_back:
            day -= dt.timedelta(days=1)
            days_back -= self.calendar.is_working_day(day)
        start, end = self._office(day)
        tz = self.now.tzinfo
        low = max(start, dt.datetime.combine(day, earliest, tzinfo=tz))
        high = min(end, dt.datetime.combine(day, latest, tzinfo=tz), self.now)
        if high <= low:  # today's office time so far is before `earliest`
            low, high = start, min(end, self.now)
        return (low + (high - low) * rng.random()).replace(microsecond=0)


class Story:
    """One thread of the demo (a case, a family's help): its moments in causal order, each later
    than the one before and none after now; deterministic from its own random stream."""

    def __init__(self, clock: DemoClock, rng: random.Random):
        self.clock, self.rng, self.at = clock, rng, None

    def start(self, days_back: int, earliest=OFFICE_HOURS[0], latest=OFFICE_HOURS[1]):
        self.at = self.clock.on(days_back, self.rng, earliest, latest)
        return self.at

    def later(self, low: float, high: float) -> dt.datetime:
        """`low`–`high` office minutes after the story's last moment; when now is nearer than
        that, a part of the office time left, so the story closes in on now without reaching it."""
        minutes = self.rng.uniform(low, high)
        room = self.clock.room(self.at)
        if minutes >= room:
            minutes = room * self.rng.uniform(0.2, 0.5)
        self.at = self.clock.forward(self.at, minutes).replace(microsecond=0)
        return self.at

    def on(self, days_back: int, earliest=OFFICE_HOURS[0], latest=OFFICE_HOURS[1]):
        """A moment on the working day `days_back` back, or a little later if the story is past it."""
        target = self.clock.on(days_back, self.rng, earliest, latest)
        if target <= self.at:
            return self.later(5, 30)
        self.at = target
        return target


def in_time_order(stories) -> None:
    """Run the stories interleaved by time. Each is a generator that yields the moment of its next
    step and takes that step when resumed, so every service sees the district as it stood then:
    the district assessment counts the alerts open at that moment, the history reads in order."""
    queue = []
    for n, story in enumerate(stories):
        at = next(story, None)
        if at is not None:
            queue.append((at, n, story))
    heapq.heapify(queue)
    while queue:
        at, n, story = heapq.heappop(queue)
        then = next(story, None)
        if then is not None:
            if then < at:  # pragma: no cover - a story must never go back in time
                raise RuntimeError(f"demo story {n} went back in time: {then} < {at}")
            heapq.heappush(queue, (then, n, story))


def stream(seed: int, name: str) -> random.Random:
    # why one stream per story: adding or changing one story leaves the others' times as they were
    return random.Random(f"{seed}:{name}")
