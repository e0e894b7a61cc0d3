"""Reads of the registry. Every read goes through enterprise_visible_to(user): the data scope lives here."""

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from layoffwatch.accounts.models import User
from layoffwatch.accounts.roles import Role
from layoffwatch.audit.models import AuditEntry
from layoffwatch.audit.selectors import audit_entries_for
from layoffwatch.core.clock import local_day
from layoffwatch.reference.models import Industry

from .models import DispatchRelation, Enterprise, HeadcountRecord

# ADR 0082: a write refused because the enterprise is outside the actor's scope (or unknown)
# never names it: "not there" and "not yours" read the same (ADR 0002); `what` is the write.
NOT_IN_SCOPE_ENTERPRISE = "企业名录中没有该企业或该企业不在您的数据权限范围内，不能{what}"

# plan annex: 就业促进和职业能力建设科 leads the warning response; the town liaison acts on the spot.
RESPONSIBLE_SECTION = "employment"


def enterprise_visible_to(user) -> QuerySet[Enterprise]:
    """The enterprises a user may see.

    administrator, leader, section staff: the whole district;
    town liaison: enterprises of their town;
    service commissioner: enterprises assigned to them;
    HR service agency: itself and the user enterprises it dispatches staff to;
    enterprise reporter: its own enterprise.
    """
    qs = Enterprise.objects.select_related("town", "industry")
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_district_wide:
        return qs
    if user.role == Role.TOWN_LIAISON and user.town_id:
        return qs.filter(town_id=user.town_id)
    if user.role == Role.COMMISSIONER:
        return qs.filter(commissioner=user)
    if user.role == Role.AGENCY and user.enterprise_id:
        served = DispatchRelation.objects.filter(agency_id=user.enterprise_id).values(
            "user_enterprise_id"
        )
        return qs.filter(Q(pk=user.enterprise_id) | Q(pk__in=served))
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return qs.filter(pk=user.enterprise_id)
    return qs.none()


def responsible_section_staff() -> QuerySet[User]:
    """The active staff of 就业促进和职业能力建设科 (RESPONSIBLE_SECTION), who lead the warning
    response and follow up late and missing reports for the whole district."""
    return User.objects.filter(
        role=Role.SECTION_STAFF, is_active=True, section__code=RESPONSIBLE_SECTION
    )


def responsible_people(enterprise: Enterprise) -> QuerySet[User]:
    """Who answers for an enterprise's layoff risk (alerts, missing-report findings): the staff
    of 就业促进和职业能力建设科 and the liaison(s) of the enterprise's town."""
    return User.objects.filter(is_active=True).filter(
        Q(section__code=RESPONSIBLE_SECTION, role=Role.SECTION_STAFF)
        | Q(role=Role.TOWN_LIAISON, town_id=enterprise.town_id)
    )


def enterprise_editable_by(user) -> QuerySet[Enterprise]:
    """The enterprises a user may change: registry editors, town liaisons in their own town."""
    if user is None or not user.is_authenticated or not user.can_edit_registry:
        return Enterprise.objects.none()
    return enterprise_visible_to(user)


FLAG_FIELDS = {
    "key_sample": "is_key_sample",
    "watch": "on_watch_list",
    "labour": "is_labour_intensive",
    "agency": "is_hr_agency",
    "platform": "is_platform_employer",
}


# Sort keys the list offers (key -> ORDER BY).
ORDERS = {
    "name": ["name"],
    "-insured_headcount": ["-insured_headcount"],
    "insured_headcount": ["insured_headcount"],
    "uscc": ["uscc"],
    "town": ["town_id", "name"],
    "industry": ["industry_id", "name"],
    "-updated_at": ["-updated_at"],
}
CODE_RE = re.compile(r"^([A-Ta-t]|\d{2,4})(\s.*)?$")


def industry_q(text: str) -> Q | None:
    """A filter on Enterprise for an industry typed as a code at any level or as (part of) a name.

    "C" is the manufacturing section, "36" a division, "367" a group, "3670" a class: each matches
    the enterprises classified at that level or below. "3670 汽车零部件…" (the lookup's format)
    uses the code. A name matches every industry whose name contains it. None: nothing matches.
    """
    text = (text or "").strip()
    m = CODE_RE.match(text)
    if m:
        code = m.group(1).upper()
        if code.isalpha():
            return Q(industry__section=code)
        return (
            Q(industry__code__startswith=code)
            if Industry.objects.filter(code=code).exists()
            else None
        )
    found = list(
        Industry.objects.filter(name__contains=text)
        .order_by("code")
        .values_list("code", flat=True)[:200]
    )
    if not found:
        return None
    q = Q()
    kept: list[str] = []
    for code in found:  # "36" already covers "367" and "3670"
        if code.isalpha():
            q |= Q(industry__section=code)
        elif not any(code.startswith(k) for k in kept):
            kept.append(code)
            q |= Q(industry__code__startswith=code)
    return q


def enterprise_search(
    *,
    user,
    q: str = "",
    town: str = "",
    industry: str = "",
    flags: list[str] | None = None,
    ownership: str = "",
    min_headcount: int | None = None,
    max_headcount: int | None = None,
    order: str = "name",
) -> QuerySet[Enterprise]:
    """Search by name or USCC, filter by town, industry (any level: C, 36, 367, 3670), flags."""
    qs = enterprise_visible_to(user)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(uscc__startswith=q.upper()))
    if town:
        qs = qs.filter(town_id=town)
    if industry:
        match = industry_q(industry)
        qs = qs.filter(match) if match is not None else qs.none()
    for flag in flags or []:
        if flag in FLAG_FIELDS:
            qs = qs.filter(**{FLAG_FIELDS[flag]: True})
    if ownership:
        qs = qs.filter(ownership=ownership)
    if min_headcount is not None:
        qs = qs.filter(insured_headcount__gte=min_headcount)
    if max_headcount is not None:
        qs = qs.filter(insured_headcount__lte=max_headcount)
    return qs.order_by(*ORDERS.get(order, ORDERS["name"]), "pk")


def enterprise_get(*, user, uscc: str) -> Enterprise | None:
    """One enterprise by USCC, or None when it does not exist or lies outside the user's scope."""
    return enterprise_visible_to(user).filter(uscc=(uscc or "").strip().upper()).first()


def enterprise_dispatches(*, user, enterprise: Enterprise) -> dict:
    """Dispatch relations of an enterprise (plan S3.1.2), each with whether the user may open the other side."""
    visible = enterprise_visible_to(user)
    out = list(DispatchRelation.objects.filter(agency=enterprise).select_related("user_enterprise"))
    into = list(
        DispatchRelation.objects.filter(user_enterprise=enterprise).select_related("agency")
    )
    others = {r.user_enterprise_id for r in out} | {r.agency_id for r in into}
    openable = set(visible.filter(pk__in=others).values_list("pk", flat=True))
    return {"out": out, "into": into, "openable": openable}


@dataclass(frozen=True)
class HeadcountFigure:
    """An insured headcount with where it comes from (ADR 0096): the registry's figure as of the
    day its record was last written, or the count of one month of a source (社保数据 2026-10).
    Pages print it whole (`str`), so no figure is shown without its source."""

    count: int
    source: str  # the source's name as staff call it: 企业名录, 社保数据 …
    period: str = ""  # YYYY-MM: the month counted
    as_of: dt.date | None = None  # no month: the day the figure was recorded

    @property
    def where(self) -> str:
        if self.period:
            return f"{self.source} {self.period}"
        if self.as_of:
            return gettext("%(source)s（更新于 %(day)s）") % {
                "source": self.source,
                "day": self.as_of.isoformat(),
            }
        return self.source

    def __str__(self) -> str:
        return gettext("%(where)s：参保 %(n)s 人") % {"where": self.where, "n": self.count}


def registry_headcount(enterprise: Enterprise) -> HeadcountFigure:
    """The registry's insured headcount (企业名录), dated by the last write of the record: the
    registry keeps no separate date for the figure."""
    return HeadcountFigure(
        count=enterprise.insured_headcount,
        source=gettext("企业名录"),
        as_of=local_day(enterprise.updated_at),
    )


def enterprise_headcounts(*, enterprise: Enterprise, limit: int = 36) -> QuerySet[HeadcountRecord]:
    """Monthly insured headcount, newest first."""
    return HeadcountRecord.objects.filter(enterprise=enterprise).order_by("-period")[:limit]


def _field_label(name: str) -> str:
    try:
        return str(Enterprise._meta.get_field(name.removesuffix("_id")).verbose_name)
    except Exception:
        return name


def enterprise_history(*, user, enterprise: Enterprise, limit: int = 50) -> list[AuditEntry]:
    """The record's audit entries, newest first, each with `changes` [(label, before, after)].

    Bureau staff only; agencies and enterprise reporters get an empty list.
    """
    if not getattr(user, "is_bureau", False):
        return []
    entries = list(
        audit_entries_for(
            object_type="enterprises.enterprise", object_id=str(enterprise.pk)
        ).order_by("-seq")[:limit]
    )
    for entry in entries:
        before = entry.before if isinstance(entry.before, dict) else {}
        after = entry.after if isinstance(entry.after, dict) and entry.action == "update" else {}
        entry.changes = [(_field_label(k), before.get(k), v) for k, v in after.items()]
    return entries


def enterprise_exists(*, uscc: str) -> bool:
    """Whether a code is in the registry at all (only to audit out-of-scope attempts; never shown)."""
    return Enterprise.objects.filter(uscc=(uscc or "").strip().upper()).exists()
