import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from layoffwatch.audit.services import audit_record, snapshot
from layoffwatch.core.client import client_address

from .models import ApiToken, LoginFailure, Section

User = get_user_model()


_REFUSALS = {
    None: "用户名或密码错误 / wrong credentials",
    "locked": "账号已锁定，拒绝登录 / account locked",
    "throttled": "尝试过于频繁，未校验密码 / throttled, password not checked",
}


def login_failure_record(*, username: str, request=None, refused: str | None = None) -> None:
    """Audit a failed login. Only a checked wrong password is counted towards the lockout and the
    slow-down (ADR 0004); a refusal (locked or throttled) is audited but not counted."""
    if refused is None:
        LoginFailure.objects.create(username=username[:150], ip=client_address(request))
    audit_record(
        action="login_failed",
        object_type="accounts.user",
        object_id=username[:80],
        summary=_REFUSALS[refused],
        request=request,
        actor_label=f"{username[:80]}（未登录）",
    )


def login_success_record(*, user, request=None) -> None:
    # why only this address: the owner logging in must not reset an attacker's count elsewhere.
    address = client_address(request)
    failures = LoginFailure.objects.filter(username__iexact=user.username)
    failures = failures.filter(ip__isnull=True) if address is None else failures.filter(ip=address)
    failures.delete()
    audit_record(
        action="login", actor=user, obj=user, summary="登录成功 / logged in", request=request
    )


def logout_record(*, user, request=None) -> None:
    audit_record(
        action="logout", actor=user, obj=user, summary="退出登录 / logged out", request=request
    )


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: str,
    display_name: str = "",
    section: Section | None = None,
    town=None,
    enterprise=None,
    is_superuser: bool = False,
    actor=None,
):
    user = User(
        username=username,
        role=role,
        display_name=display_name,
        section=section,
        town=town,
        enterprise=enterprise,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        action="create",
        actor=actor,
        obj=user,
        summary=f"新建用户 {username}",
        after=snapshot(user, ["username", "role", "section", "town", "enterprise"]),
    )
    return user


@transaction.atomic
def token_issue(*, user, name: str = "", actor=None) -> str:
    """Create a bearer token for `user`; returns the raw token (shown once, only its hash is kept)."""
    raw = ApiToken.new_raw()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:10], digest=ApiToken.digest_of(raw)
    )
    audit_record(
        action="token",
        actor=actor,
        obj=token,
        summary=f"为 {user.username} 签发 API 令牌 {token.prefix}…",
    )
    return raw


@transaction.atomic
def token_revoke(*, token: str, actor=None) -> int:
    """Revoke a token given in full, or every active token with a given 10-character prefix."""
    token = (token or "").strip()
    active = ApiToken.objects.filter(revoked_at__isnull=True)
    if len(token) > 10:
        # why by digest: two tokens can share a prefix; revoking the one given must spare the other.
        active = active.filter(digest=ApiToken.digest_of(token))
    else:
        active = active.filter(prefix=token)
    tokens = list(active.select_for_update())
    for item in tokens:
        item.revoked_at = timezone.now()
        item.save(update_fields=["revoked_at"])
        audit_record(action="token", actor=actor, obj=item, summary=f"吊销 API 令牌 {item.prefix}…")
    return len(tokens)


def token_user(raw: str):
    """The active user behind a raw bearer token, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(raw or ""), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # why at most once a minute: `last_used_at` is for spotting idle tokens, not an access log;
    # writing it on every request cost a commit per API call. The conditional filter keeps
    # concurrent requests from all writing it (and is a no-op read when recently written).
    if token.last_used_at is None or token.last_used_at < now - dt.timedelta(seconds=60):
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - dt.timedelta(seconds=60))
        ).update(last_used_at=now)
    return token.user
