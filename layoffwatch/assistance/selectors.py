"""Reads of assistance: every read of people goes through workers_visible_to(user) (the scope)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from layoffwatch.accounts.roles import Role
from layoffwatch.enterprises.selectors import enterprise_visible_to

from .models import (
    AffectedWorker,
    AssistancePlan,
    Course,
    Enrolment,
    EnterpriseSupportPlan,
    FairInvite,
    JobFair,
    Measure,
    Referral,
    Vacancy,
)
from .params import assistance_params


def workers_visible_to(user) -> QuerySet[AffectedWorker]:
    """District-wide roles see everyone; a town liaison the people living in her town or laid
    off by an enterprise of her town; a commissioner the people of his enterprises; others none."""
    qs = AffectedWorker.objects.select_related("town", "enterprise", "plan")
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_district_wide:
        return qs
    if user.role == Role.TOWN_LIAISON and user.town_id:
        return qs.filter(Q(town_id=user.town_id) | Q(enterprise__town_id=user.town_id))
    if user.role == Role.COMMISSIONER:
        return qs.filter(enterprise__in=enterprise_visible_to(user))
    return qs.none()


def worker_search(*, user, q: str = "", status: str = "", town: str = "", flag: str = ""):
    qs = workers_visible_to(user)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(enterprise__name__contains=q))
    if status:
        qs = qs.filter(status=status)
    if town:
        qs = qs.filter(town_id=town)
    if flag == "zero":
        qs = qs.filter(zero_employment_family=True)
    elif flag == "hardship":
        qs = qs.filter(hardship=True)
    return qs.order_by("-created_at", "-pk")


def vacancies_visible_to(user) -> QuerySet[Vacancy]:
    """Vacancies are published to help people back to work: every bureau user sees them all; an
    HR agency or enterprise user sees those of the enterprises in its own scope."""
    qs = Vacancy.objects.select_related("enterprise", "town")
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.is_bureau:
        return qs
    return qs.filter(enterprise__in=enterprise_visible_to(user))


def open_positions(vacancy: Vacancy) -> int:
    hired = vacancy.referrals.filter(outcome=Referral.Outcome.HIRED).count()
    return max(vacancy.count - hired, 0)


def _words(text: str) -> set[str]:
    for sep in "，,、;；/ ":
        text = text.replace(sep, " ")
    return {w for w in text.split() if w}


def score(
    worker: AffectedWorker, vacancy: Vacancy, *, on: dt.date, weights: dict | None = None
) -> tuple[int, list[str]]:
    """How well a vacancy suits a person (plan S4.3), with the reasons shown to staff.

    Weights are dated parameters (assistance/parameters/assistance.yaml, ADR 0071); a caller
    ranking many pairs reads them once and passes `weights` (reading them is a query, ADR 0092)."""
    w = weights if weights is not None else assistance_params(on)["matching"]
    points, reasons = 0.0, []
    occupation = (worker.occupation or "").strip()
    if occupation and (occupation in vacancy.occupation or vacancy.occupation in occupation):
        points += w["occupation"]
        reasons.append(
            _("岗位“%(job)s”与原岗位“%(was)s”相符") % {"job": vacancy.occupation, "was": occupation}
        )
    common = _words(worker.skills) & (_words(vacancy.skills) | _words(vacancy.occupation))
    if common:
        points += w["skills"]
        reasons.append(_("技能匹配：%(skills)s") % {"skills": "、".join(sorted(common))})
    home = worker.town_id or (worker.enterprise.town_id if worker.enterprise_id else None)
    if home and home == vacancy.town_id:
        points += w["town"]
        reasons.append(_("工作地点在%(town)s，离家近") % {"town": vacancy.town.name})
    if worker.expected_wage and vacancy.wage_max and vacancy.wage_max >= worker.expected_wage:
        points += w["wage"]
        reasons.append(
            _("月薪最高 %(most)s 元，达到期望 %(wanted)s 元")
            % {"most": vacancy.wage_max, "wanted": worker.expected_wage}
        )
    wants_job = worker.intention in (
        AffectedWorker.Intention.JOB,
        AffectedWorker.Intention.FLEXIBLE,
    )
    if wants_job and (vacancy.is_gig == (worker.intention == AffectedWorker.Intention.FLEXIBLE)):
        points += w["intention"]
        reasons.append(
            _("符合求职意向（%(intention)s）") % {"intention": worker.get_intention_display()}
        )
    return round(points), reasons


def vacancies_for(worker: AffectedWorker, *, user, on: dt.date, limit: int = 10) -> list[dict]:
    """Open vacancies ranked for a person, best first, each with its score and reasons."""
    weights = assistance_params(on)["matching"]
    minimum = weights["min_score"]
    rows = []
    qs = vacancies_visible_to(user).filter(valid_until__gte=on)
    for v in qs.annotate(hired=Count("referrals", filter=Q(referrals__outcome="hired"))):
        if v.hired >= v.count:
            continue
        points, reasons = score(worker, v, on=on, weights=weights)
        if points >= minimum:
            rows.append({"vacancy": v, "score": points, "reasons": reasons})
    rows.sort(key=lambda r: (-r["score"], r["vacancy"].valid_until, r["vacancy"].pk))
    return rows[:limit]


def workers_for(vacancy: Vacancy, *, user, on: dt.date, limit: int = 20) -> list[dict]:
    """People still looking for work ranked for a vacancy, best first, with reasons."""
    weights = assistance_params(on)["matching"]
    minimum = weights["min_score"]
    rows = []
    for worker in workers_visible_to(user).filter(status=AffectedWorker.Status.UNEMPLOYED):
        points, reasons = score(worker, vacancy, on=on, weights=weights)
        if points >= minimum:
            rows.append({"worker": worker, "score": points, "reasons": reasons})
    rows.sort(key=lambda r: (-r["score"], r["worker"].pk))
    return rows[:limit]


def _on_the_list(members: list[AffectedWorker]) -> bool:
    """plan S4.5 零就业家庭动态清零, ADR 0055: a family with a member flagged 零就业家庭 stays on
    the list while none of its members works, and while a flagged member is still being helped
    (一人一策 帮扶中): a family is never "cleared" beside a flagged person still unemployed and
    helped. It leaves when a member works and no flagged member's plan is open (a flagged
    member's own job closes that plan, ADR 0070)."""
    flagged = [m for m in members if m.zero_employment_family]
    if not flagged:
        return False
    if not any(m.is_working for m in members):
        return True
    return any(
        getattr(m, "plan", None) is not None and m.plan.status == AssistancePlan.Status.OPEN
        for m in flagged
    )


def zero_employment_families(*, user) -> list[dict]:
    """plan S4.5: the live list of zero-employment families that have a member in `user`'s scope
    (the family page, and its count on the home page). A family is the people sharing a household
    code, or one person alone; it is judged on all its members, district-wide, and shows the
    members the user may see."""
    codes = {
        c
        for c in AffectedWorker.objects.filter(zero_employment_family=True).values_list(
            "household_code", flat=True
        )
        if c
    }
    candidates = AffectedWorker.objects.filter(
        Q(zero_employment_family=True) | Q(household_code__in=codes)
    )
    visible = set(workers_visible_to(user).filter(pk__in=candidates).values_list("pk", flat=True))
    if not visible:
        return []
    families: dict[str, list[AffectedWorker]] = defaultdict(list)
    for w in candidates.select_related("town", "plan").order_by("pk"):
        families[w.family_key].append(w)
    out = []
    for key, members in families.items():
        shown = [m for m in members if m.pk in visible]
        if shown and _on_the_list(members):
            out.append({"key": key, "members": shown, "town": shown[0].town})
    return sorted(out, key=lambda f: f["key"])


def cuts_avoided(*, user=None) -> dict:
    """一企一策 effect: people an enterprise kept on thanks to a support plan it accepted."""
    qs = EnterpriseSupportPlan.objects.filter(
        status=EnterpriseSupportPlan.Status.ACCEPTED, final_cut__isnull=False
    )
    if user is not None:
        qs = qs.filter(enterprise__in=enterprise_visible_to(user))
    plans = list(qs)
    return {"plans": len(plans), "avoided": sum(p.cuts_avoided for p in plans)}


def support_plans_visible_to(user) -> QuerySet[EnterpriseSupportPlan]:
    return EnterpriseSupportPlan.objects.filter(
        enterprise__in=enterprise_visible_to(user)
    ).select_related("enterprise")


def courses_with_counts() -> QuerySet[Course]:
    return Course.objects.annotate(
        taken=Count("enrolments", filter=~Q(enrolments__status=Enrolment.Status.DROPPED))
    )


def agency_placements(*, user) -> QuerySet[Referral]:
    """Placements by HR service agencies (plan S4.3: job-referral subsidies)."""
    qs = Referral.objects.filter(outcome=Referral.Outcome.HIRED, agency__isnull=False)
    if user.role == Role.AGENCY:
        qs = qs.filter(agency_id=user.enterprise_id)
    elif not user.is_district_wide:
        qs = qs.filter(worker__in=workers_visible_to(user))
    return qs.select_related("worker", "vacancy__enterprise", "agency")


def worker_outcomes(workers) -> dict:
    """Counts a report needs: placed, training, benefits, relief, public-welfare jobs."""
    workers = list(workers)
    ids = [w.pk for w in workers]
    by_status = defaultdict(int)
    for w in workers:
        by_status[w.status] += 1
    measures = Measure.objects.filter(plan__worker_id__in=ids)
    completed = Enrolment.objects.filter(
        worker_id__in=ids, status=Enrolment.Status.COMPLETED
    ).values_list("worker_id", flat=True)
    placed_after_training = sum(1 for w in workers if w.pk in set(completed) and w.is_working)
    return {
        "workers": len(workers),
        # 一人一策: the registered people with an assistance plan (S6.2 应对举措, ADR 0054)
        "with_plan": AssistancePlan.objects.filter(worker_id__in=ids).count(),
        "placed": by_status[AffectedWorker.Status.PLACED],
        "self_employed": by_status[AffectedWorker.Status.SELF_EMPLOYED],
        "public_welfare": by_status[AffectedWorker.Status.PUBLIC_WELFARE],
        "in_training": by_status[AffectedWorker.Status.TRAINING],
        "unemployed": by_status[AffectedWorker.Status.UNEMPLOYED],
        "not_seeking": by_status[AffectedWorker.Status.NOT_SEEKING],
        "trained": len(set(completed)),
        "placed_after_training": placed_after_training,
        "ui_eligible": sum(1 for w in workers if w.ui_eligible),
        "relief_referred": measures.filter(kind=Measure.Kind.RELIEF).count(),
        "relief_granted": measures.filter(
            kind=Measure.Kind.RELIEF, outcome=Measure.Outcome.SUCCEEDED
        ).count(),
    }


def case_outcomes(*, alert) -> dict:
    """What assistance and enterprise support achieved for an alert: figures of the written
    report of its response case (plan S6.2 应对举措/处理结果, S2.2, S4). The people are counted by
    `worker_outcomes`, as on the assistance pages, so the report and the pages agree. Registered
    with `response.hooks.written_report_figures` (ADR 0088); rights adds its wage disputes."""
    figures = worker_outcomes(AffectedWorker.objects.filter(alert=alert))
    plans = list(EnterpriseSupportPlan.objects.filter(alert=alert).prefetch_related("items"))
    accepted = [p for p in plans if p.status == EnterpriseSupportPlan.Status.ACCEPTED]
    subsidies = sum((i.amount for p in accepted for i in p.items.all()), Decimal(0))
    # plan S4.6: relief granted by civil affairs; an amount is known only where staff recorded it
    relief = Measure.objects.filter(
        plan__worker__alert=alert, kind=Measure.Kind.RELIEF, outcome=Measure.Outcome.SUCCEEDED
    ).aggregate(total=Sum("amount"), unknown=Count("pk", filter=Q(amount__isnull=True)))
    figures.update(
        {
            "support_plans": len(plans),
            "support_plans_accepted": len(accepted),
            "planned_cut": sum(p.planned_cut for p in accepted),
            "final_cut": sum(p.final_cut or 0 for p in accepted),
            "cuts_avoided": sum(p.cuts_avoided for p in accepted),
            "subsidies": subsidies,
            # None: some relief granted has no amount on record (the report asks for it)
            "relief_amount": None if relief["unknown"] else (relief["total"] or Decimal(0)),
        }
    )
    return figures


def assistance_figures(*, user) -> dict:
    """The home page's card, in the user's scope: zero-employment families (plan S4.5; the count of
    the family page's list, ADR 0055), cuts avoided by 一企一策 (plan S2.2) and people still being
    helped."""
    return {
        "zero_employment_families": len(zero_employment_families(user=user)),
        "cuts_avoided": cuts_avoided(user=user)["avoided"],
        "open_plans": AssistancePlan.objects.filter(
            status=AssistancePlan.Status.OPEN, worker__in=workers_visible_to(user)
        ).count(),
    }


# ------------------------------------------------------------------ job fairs (S4.3)


def fairs_visible_to(user) -> QuerySet[JobFair]:
    """Job fairs are district events: every bureau user sees them (their invitations are scoped)."""
    if user is None or not user.is_authenticated or not user.is_bureau:
        return JobFair.objects.none()
    return JobFair.objects.select_related("town").annotate(
        people=Count("invites", filter=Q(invites__worker__isnull=False)),
        firms=Count("invites", filter=Q(invites__enterprise__isnull=False)),
        placed_count=Count("invites", filter=Q(invites__placed=True)),
    )


def fair_invites_visible(fair: JobFair, *, user) -> QuerySet[FairInvite]:
    """The invitations of a fair that this user may see: people and enterprises in scope."""
    return (
        fair.invites.filter(
            Q(worker__in=workers_visible_to(user)) | Q(enterprise__in=enterprise_visible_to(user))
        )
        .select_related("worker", "enterprise")
        .order_by("enterprise_id", "worker_id", "pk")
    )


def fair_vacancies(fair: JobFair, *, user, on: dt.date) -> QuerySet[Vacancy]:
    """Vacancies still open on the fair's day (or today, if later), within the user's view."""
    return vacancies_visible_to(user).filter(valid_until__gte=max(on, fair.date))


def fair_suggestions(fair: JobFair, *, user, on: dt.date, limit: int = 30) -> dict:
    """Whom to invite (plan S4.3 “余缺调剂”), by the matching service: enterprises with open
    vacancies, and the people who best match the vacancies of the invited enterprises (all open
    vacancies while no enterprise is invited), each with the reasons of their best match."""
    invited = fair.invites.all()
    firm_ids = set(invited.exclude(enterprise=None).values_list("enterprise_id", flat=True))
    people_ids = set(invited.exclude(worker=None).values_list("worker_id", flat=True))
    vacancies = [v for v in fair_vacancies(fair, user=user, on=on) if open_positions(v) > 0]
    firms: dict[int, dict] = {}
    for v in vacancies:
        if v.enterprise_id in firm_ids:
            continue
        row = firms.setdefault(
            v.enterprise_id, {"enterprise": v.enterprise, "vacancies": [], "positions": 0}
        )
        row["vacancies"].append(v.occupation)
        row["positions"] += open_positions(v)
    basis = [v for v in vacancies if v.enterprise_id in firm_ids] or vacancies
    best: dict[int, dict] = {}
    for v in basis:
        for r in workers_for(v, user=user, on=on):
            w = r["worker"]
            if w.pk in people_ids:
                continue
            if w.pk not in best or r["score"] > best[w.pk]["score"]:
                best[w.pk] = {**r, "vacancy": v}
    people = sorted(best.values(), key=lambda r: (-r["score"], r["worker"].pk))
    return {
        "enterprises": sorted(firms.values(), key=lambda r: -r["positions"])[:limit],
        "people": people[:limit],
        "vacancies": vacancies,
    }


def adviser_choices(worker: AffectedWorker):
    """Who may be a person's adviser: active employment-service staff (section staff, and the
    liaison of the person's town or of the enterprise's town), administrators."""
    towns = {
        t
        for t in (worker.town_id, worker.enterprise.town_id if worker.enterprise_id else None)
        if t
    }
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(role__in=[Role.SECTION_STAFF, Role.ADMIN])
            | Q(role=Role.TOWN_LIAISON, town_id__in=towns)
        )
        .order_by("role", "username")
    )
