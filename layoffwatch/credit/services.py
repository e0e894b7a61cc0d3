"""Writes of the reporting blacklist (plan S6.3). States: candidate → decided (by a leader) →
listed (published) → removed; or candidate → dismissed. The terms (listing years, early removal
after months of compliance) come from the policy's `blacklist_terms`; every step is audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from layoffwatch.accounts.roles import Role
from layoffwatch.assistance.services import audit_change, require_enterprise_scope
from layoffwatch.audit.refusals import guarded
from layoffwatch.audit.services import snapshot
from layoffwatch.core.clock import local_day
from layoffwatch.policy.rules import blacklist_terms
from layoffwatch.policy.selectors import policy_in_force

from .models import BlacklistEntry

S = BlacklistEntry.Status


def _findings(on: dt.date) -> dict:
    return policy_in_force().at(on)["blacklist"]["candidate_findings"] or {}


def _move(entry: BlacklistEntry, to: str, **fields) -> bool:
    """Conditional update: only from the state the caller saw (two reviewers cannot both act)."""
    if to not in BlacklistEntry.TRANSITIONS[S(entry.status)]:
        return False
    moved = BlacklistEntry.objects.filter(pk=entry.pk, status=entry.status).update(
        status=to, **fields
    )
    return bool(moved)


@guarded("登记黑名单候选")
def blacklist_candidate_add(
    *,
    enterprise,
    reason: str,
    evidence: str,
    source: str,
    actor=None,
    finding: str = "",
    source_ref: str = "",
    at: dt.datetime | None = None,
) -> BlacklistEntry:
    """plan S6.3: an unreported, late or inaccurate layoff report becomes a blacklist candidate.

    Monitoring's reconciliation calls this with `source="reconciliation"` (actor None = the
    system); `reason` is the finding code (unreported / late / inaccurate) or a sentence, in which
    case pass `finding`. The same open finding (enterprise, finding, source_ref) is returned, not
    duplicated, so that a detector may call it on every run."""
    at = at or timezone.now()
    on = local_day(at)
    findings = _findings(on)
    if not finding and reason in findings:
        finding, reason = reason, findings[reason]
    if finding not in findings:
        raise ValidationError(
            {"finding": f"情形应为：{'、'.join(f'{k}（{v[:6]}）' for k, v in findings.items())}"}
        )
    if actor is not None:
        # ADR 0082: the enterprise's scope, as reads check it (a liaison: her own town only)
        require_enterprise_scope(actor, enterprise, "将该企业列为黑名单候选")
    if source not in BlacklistEntry.Source.values:
        raise ValidationError({"source": f"未知的来源 {source}"})
    if not (evidence or "").strip():
        raise ValidationError({"evidence": "请写明证据（比对结果、核实记录等）"})
    open_states = [S.CANDIDATE, S.DECIDED, S.LISTED]
    same = BlacklistEntry.objects.filter(
        enterprise=enterprise, finding=finding, source_ref=source_ref, status__in=open_states
    ).first()
    if same is not None and source_ref:
        return same
    entry = BlacklistEntry(
        enterprise=enterprise,
        finding=finding,
        reason=(reason or findings[finding])[:500],
        evidence=evidence,
        source=source,
        source_ref=source_ref[:80],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        created_at=at,
    )
    entry.full_clean()
    entry.save()
    audit_change(
        "create",
        actor=actor,
        obj=entry,
        summary=f"{enterprise.name} 列为黑名单候选：{findings[finding][:60]}（{entry.get_source_display()}）",
        after=snapshot(entry, ["finding", "reason", "source", "source_ref"]),
    )
    return entry


@guarded("登记企业陈述申辩")
def blacklist_explanation_record(
    *, entry: BlacklistEntry, explanation: str, actor, at: dt.datetime
) -> BlacklistEntry:
    entry = BlacklistEntry.objects.select_for_update().get(pk=entry.pk)
    require_enterprise_scope(actor, entry.enterprise, "登记企业陈述申辩")
    if entry.status != S.CANDIDATE:
        raise ValidationError({"explanation": "已作出决定，不能再登记陈述申辩"})
    if not (explanation or "").strip():
        raise ValidationError({"explanation": "请填写企业的陈述申辩内容"})
    entry.explanation, entry.explanation_at = explanation.strip(), at
    entry.save(update_fields=["explanation", "explanation_at"])
    audit_change(
        "update",
        actor=actor,
        obj=entry,
        summary=f"{entry.enterprise.name} 黑名单候选：登记企业陈述申辩",
    )
    return entry


@guarded("作出黑名单决定")
def blacklist_decide(
    *,
    entry: BlacklistEntry,
    list_it: bool,
    note: str,
    actor,
    at: dt.datetime,
    bad_social_impact: bool = False,
) -> BlacklistEntry:
    """The responsible leader decides (a user with the leader role, CLAUSES: an assignment, never
    a name). Listing needs the enterprise's explanation heard and the policy's conditions met."""
    if not (
        getattr(actor, "is_authenticated", False) and actor.is_active and actor.role == Role.LEADER
    ):
        raise PermissionDenied("黑名单须由分管局领导决定")
    entry = (
        BlacklistEntry.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .get(pk=entry.pk)
    )
    if entry.status != S.CANDIDATE:
        raise ValidationError({"decision": f"已是“{entry.get_status_display()}”，不能再决定"})
    if not (note or "").strip():
        raise ValidationError({"note": "请填写决定意见"})
    on = local_day(at)
    terms = blacklist_terms(
        finding=entry.finding, on=on, bad_social_impact=bad_social_impact, policy=policy_in_force()
    )
    if list_it:
        if not entry.explanation:
            raise ValidationError({"decision": "列入前须听取并登记企业的陈述申辩"})
        if not terms.listable:
            raise ValidationError({"decision": "；".join(terms.reasons)})
    to = S.DECIDED if list_it else S.DISMISSED
    if not _move(
        entry,
        to,
        decided_by=actor,
        decided_at=at,
        decision_note=note.strip()[:500],
        bad_social_impact=bad_social_impact,
        policy_version=terms.version,
    ):
        raise ValidationError({"decision": "该记录已被他人处理，请刷新"})
    entry.refresh_from_db()
    audit_change(
        "update",
        actor=actor,
        obj=entry,
        summary=f"{entry.enterprise.name} 黑名单决定：{'列入' if list_it else '不予列入'}（{note.strip()[:100]}）",
        before={"status": S.CANDIDATE},
        after={"status": to, "reasons": terms.reasons},
    )
    return entry


@guarded("公布黑名单")
def blacklist_publish(*, entry: BlacklistEntry, actor, at: dt.datetime) -> BlacklistEntry:
    """List for the policy's period from today; the public page shows it from now on."""
    entry = (
        BlacklistEntry.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .get(pk=entry.pk)
    )
    if not (getattr(actor, "is_authenticated", False) and actor.role == Role.LEADER):
        require_enterprise_scope(actor, entry.enterprise, "公布黑名单")
    if entry.status != S.DECIDED or entry.decided_by_id is None:
        raise ValidationError(
            {
                "status": "尚未由分管局领导作出列入决定，不能公布"
                if entry.status == S.CANDIDATE
                else f"当前状态为“{entry.get_status_display()}”，不能公布"
            }
        )
    on = local_day(at)
    terms = blacklist_terms(
        finding=entry.finding,
        on=on,
        bad_social_impact=entry.bad_social_impact,
        listed_on=on,
        policy=policy_in_force(),
    )
    if not _move(
        entry,
        S.LISTED,
        listed_on=on,
        expires_on=terms.expires_on,
        compliant_since=on,
        policy_version=terms.version,
    ):
        raise ValidationError({"status": "该记录已被他人处理，请刷新"})
    entry.refresh_from_db()
    audit_change(
        "update",
        actor=actor,
        obj=entry,
        summary=f"{entry.enterprise.name} 列入黑名单并公布，公布至 {entry.expires_on}",
        after={"status": S.LISTED, "listed_on": on, "expires_on": entry.expires_on},
    )
    return entry


@guarded("提前移出黑名单")
def blacklist_remove_early(
    *, entry: BlacklistEntry, reason: str, actor, at: dt.datetime
) -> BlacklistEntry:
    """plan S6.3 + blacklist.yaml: early removal once the compliance period has passed."""
    if not (
        getattr(actor, "is_authenticated", False) and actor.is_active and actor.role == Role.LEADER
    ):
        raise PermissionDenied("提前移出黑名单须由分管局领导决定")
    entry = (
        BlacklistEntry.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .get(pk=entry.pk)
    )
    if entry.status != S.LISTED:
        raise ValidationError({"status": "只有已公布的企业可以移出"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "请写明移出原因（守信情况）"})
    on = local_day(at)
    terms = blacklist_terms(
        finding=entry.finding,
        on=on,
        bad_social_impact=entry.bad_social_impact,
        listed_on=entry.listed_on,
        compliant_since=entry.compliant_since,
        policy=policy_in_force(),
    )
    if terms.status not in ("early_removal_possible", "expired"):
        raise ValidationError({"reason": "；".join(terms.reasons)})
    if not _move(entry, S.REMOVED, removed_at=at, removed_reason=reason.strip()[:500]):
        raise ValidationError({"status": "该记录已被他人处理，请刷新"})
    entry.refresh_from_db()
    audit_change(
        "update",
        actor=actor,
        obj=entry,
        summary=f"{entry.enterprise.name} 提前移出黑名单：{reason.strip()[:100]}",
        after={"status": S.REMOVED, "reasons": terms.reasons},
    )
    return entry
