"""QR links (扫码填报, ADR 0040, 0083): staff create, rotate and revoke an enterprise's signed link
to the public report form."""

import datetime as dt

from django.core.exceptions import PermissionDenied

from layoffwatch.accounts.roles import require_writer
from layoffwatch.audit.refusals import guarded
from layoffwatch.audit.services import audit_record
from layoffwatch.core.clock import local_day
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.enterprises.selectors import NOT_IN_SCOPE_ENTERPRISE, enterprise_visible_to
from layoffwatch.policy.selectors import policy_in_force

from ..models import QrLink


def _require_qr_scope(actor, enterprise: Enterprise, what: str) -> None:
    """Staff manage the QR links of the enterprises they may read (ADR 0082); an enterprise
    outside the scope and an unknown one (unsaved) are answered alike."""
    require_writer(actor, what)
    if enterprise.pk is None or not enterprise_visible_to(actor).filter(pk=enterprise.pk).exists():
        raise PermissionDenied(NOT_IN_SCOPE_ENTERPRISE.format(what=what))


@guarded("生成填报二维码")
def qr_link_create(*, enterprise: Enterprise, actor, at: dt.datetime) -> QrLink:
    """A new QR link for the enterprise; the previous one stops working at once (revocable links,
    ADR 0040). It expires after reporting.qr_link_valid_days in force today (ADR 0083)."""
    _require_qr_scope(actor, enterprise, "生成该企业的填报二维码")
    rotated = _revoke(enterprise=enterprise, actor=actor, at=at)
    days = policy_in_force().at(local_day(at))["reporting"]["qr_link_valid_days"]
    link = QrLink.objects.create(
        enterprise=enterprise,
        created_by=actor,
        created_at=at,
        expires_at=at + dt.timedelta(days=days),
    )
    audit_record(
        action="create",
        actor=actor,
        obj=link,
        summary=f"{'更换' if rotated else '生成'} {enterprise.name} 的扫码填报二维码"
        + f"（有效期至 {local_day(link.expires_at):%Y-%m-%d}）",
    )
    return link


def _revoke(*, enterprise, actor, at) -> int:
    links = list(
        QrLink.objects.select_for_update().filter(enterprise=enterprise, revoked_at__isnull=True)
    )
    for link in links:
        link.revoked_at = at
        link.save(update_fields=["revoked_at"])
        audit_record(
            action="update", actor=actor, obj=link, summary=f"作废 {enterprise.name} 的填报二维码"
        )
    return len(links)


@guarded("作废填报二维码")
def qr_link_revoke(*, enterprise: Enterprise, actor, at: dt.datetime) -> int:
    _require_qr_scope(actor, enterprise, "作废该企业的填报二维码")
    return _revoke(enterprise=enterprise, actor=actor, at=at)
