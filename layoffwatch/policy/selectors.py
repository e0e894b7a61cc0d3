"""Reads: the policy in force = bundled parameter files + the administrator's revisions, and the
dated limits other apps read from it."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .loader import Dated, Policy, PolicyError, bundled_policy, parameter_files, validate_text
from .models import PolicyRevision
from .wording import policy_text, value_text, without_adr

# The last policy built, keyed by the bundled policy and the exact stored revisions (ids, texts,
# dates): an unchanged key means the same policy, so a call costs one small query instead of
# re-validating every revision, and the Policy object (with its memoised versions) is reused.
_built: dict = {}
_built_lock = threading.Lock()


def policy_revisions(file_key: str | None = None):
    qs = PolicyRevision.objects.select_related("author").order_by(
        "file_key", "effective_date", "pk"
    )
    return qs.filter(file_key=file_key) if file_key else qs


def policy_in_force() -> Policy:
    """The policy to grade with: for each file, its newest revision if any, else the bundled file.

    Each revision was validated against its predecessor when it was added (services.py), so the
    newest one carries the whole history of its file. A stored revision that no longer validates
    (e.g. after a release changed the file's schema) is skipped and `policy check` reports it.
    """
    bundled = bundled_policy()
    rows = tuple(
        PolicyRevision.objects.order_by("file_key", "effective_date", "pk").values_list(
            "pk", "file_key", "yaml_text", "effective_date"
        )
    )
    key = (id(bundled), rows)
    with _built_lock:
        cached = _built.get("policy")
        if cached is not None and cached[0] == key:
            return cached[1]
    policy = bundled
    latest: dict[str, tuple] = {}
    for row in rows:
        latest[row[1]] = row
    for file_key, (pk, _key, text, effective) in latest.items():
        source = PolicyRevision(pk=pk, effective_date=effective).source
        try:
            policy = policy.with_file(file_key, text, source)
        except PolicyError:
            continue
    with _built_lock:
        _built["policy"] = (key, policy)
    return policy


def revision_problems() -> list:
    """Problems with stored revisions (for `layoffwatch policy check`)."""
    problems = []
    for revision in policy_revisions():
        _tree, found = validate_text(revision.file_key, revision.yaml_text)
        problems += found
    return problems


# ---------------------------------------------------------------- labelled values (ADR 0092)


def labelled_parameters(policy: Policy, on: dt.date) -> list[dict]:
    """Each registered file that names its values: {key, title, location, rows}, each row the
    label, the value in force on `on` as text, since when, and that value's source."""
    cards = []
    for entry in parameter_files():
        if not entry.labels:
            continue
        rows = []
        for path, (label, unit) in entry.labels.items():
            node = policy.files[entry.key].tree
            for part in path.split("."):
                node = node[part]
            start, value, reference = node.entry_at(on) or (None, None, "")
            text = value_text(value, unit) if start else _("（该日尚未施行）")
            rows.append(
                {
                    "label": label,
                    "value": text,
                    "since": start,
                    "reference": without_adr(policy_text(reference)),
                }
            )
        cards.append(
            {"key": entry.key, "title": entry.title, "location": entry.location, "rows": rows}
        )
    return cards


# ---------------------------------------------------------------- the intake's limits


@dataclass(frozen=True)
class ReportingLimits:
    """The direct-reporting intake's limits in force on a day (policy `reporting.yaml`, ADR 0092)."""

    monthly_due_day: int  # a month's report is due by this day of the next month (ADR 0042)
    wave_past_days: int  # a cut may be reported at most this many days after it (ADR 0040)
    wave_future_days: int  # nor planned further ahead than this
    max_waves: int  # waves in one report
    public_form_max_posts: int  # posts per device and QR link per window (ADR 0040)
    public_form_window_seconds: int
    roster_max_rows: int  # rows read from an affected-worker roster (ADR 0043)
    monthly_bulk_max_rows: int  # rows of a monthly-report bulk upload (ADR 0042)


def _limit(dated: Dated, on: dt.date) -> int:
    # why the first value before the first date: a limit cannot be retired (the schema refuses
    # null), so None only means `on` precedes the file; a month of 2020 is still due on a day.
    value = dated.at(on)
    return dated.entries[0][1] if value is None else value


def reporting_limits(on: dt.date, *, policy: Policy | None = None) -> ReportingLimits:
    """The intake's limits in force on `on`, with the administrator's revisions."""
    tree = (policy or policy_in_force()).files["reporting"].tree
    waves, form, uploads = tree["waves"], tree["public_form"], tree["uploads"]
    return ReportingLimits(
        monthly_due_day=_limit(tree["monthly_due_day"], on),
        wave_past_days=_limit(waves["past_limit_days"], on),
        wave_future_days=_limit(waves["future_limit_days"], on),
        max_waves=_limit(waves["max_count"], on),
        public_form_max_posts=_limit(form["max_posts"], on),
        public_form_window_seconds=_limit(form["window_minutes"], on) * 60,
        roster_max_rows=_limit(uploads["roster_max_rows"], on),
        monthly_bulk_max_rows=_limit(uploads["monthly_bulk_max_rows"], on),
    )
