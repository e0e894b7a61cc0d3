"""Logging in: Argon2 hashes, lockout after repeated failures, and every attempt in the audit log."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.conf import settings

from layoffwatch.accounts.models import User
from layoffwatch.audit.models import AuditEntry
from layoffwatch.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def attempt(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_it_stores_passwords_as_argon2(people):
    assert User.objects.get(username="sam").password.startswith("argon2")


def test_it_logs_in_with_the_right_password_and_audits_it(client, people):
    response = attempt(client, "sam", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    entry = AuditEntry.objects.filter(action="login").first()
    assert entry.actor_id == people.sam.pk
    assert entry.ip == "127.0.0.1"


def test_it_refuses_wrong_credentials_in_chinese_and_audits_them(client, people):
    response = attempt(client, "sam", "wrong-password")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.object_id == "sam"
    assert "未登录" in entry.actor_label
    # an unknown user is a failed login too
    attempt(client, "nobody", "whatever-password")
    assert AuditEntry.objects.filter(action="login_failed", object_id="nobody").exists()


def test_it_locks_an_account_after_repeated_failures_even_for_the_right_password(client, people):
    with time_machine.travel(NOON, tick=False):
        for n in range(1, settings.LOGIN_MAX_FAILURES + 1):
            page = attempt(client, "sam", "wrong-password").content.decode()
            # the failure that locks says so at once, the ones before it do not
            assert ("账号已临时锁定" in page) == (n == settings.LOGIN_MAX_FAILURES)
        response = attempt(client, "sam", PASSWORD)
        page = response.content.decode()
        assert response.status_code == 200
        assert "账号已临时锁定" in page
        assert f"{settings.LOGIN_LOCKOUT_MINUTES} 分钟后再试" in page
        assert client.get("/").status_code == 302  # still not logged in
        assert (
            AuditEntry.objects.filter(action="login_failed", summary__contains="锁定").count() == 1
        )
        assert not AuditEntry.objects.filter(action="login").exists()


def test_it_does_not_lock_before_the_limit(client, people):
    with time_machine.travel(NOON, tick=False):
        for _ in range(settings.LOGIN_MAX_FAILURES - 1):
            attempt(client, "sam", "wrong-password")
        assert attempt(client, "sam", PASSWORD).status_code == 302


def test_it_unlocks_after_the_window(client, people):
    with time_machine.travel(NOON, tick=False) as clock:
        for _ in range(settings.LOGIN_MAX_FAILURES):
            attempt(client, "sam", "wrong-password")
        assert "账号已临时锁定" in attempt(client, "sam", PASSWORD).content.decode()
        clock.shift(dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES - 1))
        assert "账号已临时锁定" in attempt(client, "sam", PASSWORD).content.decode()
        clock.shift(dt.timedelta(minutes=2))
        assert attempt(client, "sam", PASSWORD).status_code == 302


def test_it_counts_failures_only_within_the_window(client, people):
    with time_machine.travel(NOON, tick=False) as clock:
        for _ in range(settings.LOGIN_MAX_FAILURES - 1):
            attempt(client, "sam", "wrong-password")
        clock.shift(dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1))
        attempt(client, "sam", "wrong-password")
        assert attempt(client, "sam", PASSWORD).status_code == 302


def test_it_locks_one_username_without_locking_others(client, people):
    with time_machine.travel(NOON, tick=False):
        for _ in range(settings.LOGIN_MAX_FAILURES):
            attempt(client, "SAM", "wrong-password")  # case does not dodge the lock
        assert "账号已临时锁定" in attempt(client, "sam", PASSWORD).content.decode()
        assert attempt(client, "tina", PASSWORD).status_code == 302


def test_it_counts_failures_on_the_admin_login_page_too(client, people):
    # anonymous visitors never reach the admin's login page (LoginRequiredMiddleware); a logged-in
    # non-staff user does, and must not be able to guess the administrator's password there.
    with time_machine.travel(NOON, tick=False):
        client.force_login(people.tina)
        for _ in range(settings.LOGIN_MAX_FAILURES):
            client.post("/admin/login/", {"username": "alice", "password": "wrong-password"})
        assert (
            AuditEntry.objects.filter(action="login_failed", object_id="alice").count()
            == settings.LOGIN_MAX_FAILURES
        )
        client.logout()
        assert "账号已临时锁定" in attempt(client, "alice", PASSWORD).content.decode()


def test_it_audits_logout(client, people):
    attempt(client, "sam", PASSWORD)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert AuditEntry.objects.get(action="logout").actor_id == people.sam.pk
    assert client.get("/").status_code == 302


def test_it_refuses_logout_by_get(client, people):
    attempt(client, "sam", PASSWORD)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/").status_code == 200


def test_it_sends_anonymous_visitors_to_the_login_page(client, people):
    response = client.get(f"/enterprises/{people.guilin_factory.uscc}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/enterprises/")


# ---------------------------------------------------------------- lockout per address (ADR 0004)

ATTACKER = "203.0.113.66"
OFFICE = "10.20.0.8"


def attempt_from(client, address, username, password):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_it_locks_out_the_guessing_address_but_lets_the_administrator_in_from_hers(client, people):
    with time_machine.travel(NOON, tick=False):
        for _ in range(settings.LOGIN_MAX_FAILURES):
            attempt_from(client, ATTACKER, "alice", "wrong-password")
        refused = attempt_from(client, ATTACKER, "alice", PASSWORD)
        assert "账号已临时锁定" in refused.content.decode()
        assert client.get("/").status_code == 302
        assert attempt_from(client, OFFICE, "alice", PASSWORD).status_code == 302
        assert client.get("/", REMOTE_ADDR=OFFICE).status_code == 200
        entry = AuditEntry.objects.get(action="login")
        assert entry.actor_id == people.alice.pk
        assert entry.ip == OFFICE
        locked = AuditEntry.objects.get(action="login_failed", summary__contains="锁定")
        assert locked.ip == ATTACKER


def test_it_keeps_the_guessing_address_locked_after_the_owner_logs_in_elsewhere(client, people):
    with time_machine.travel(NOON, tick=False):
        for _ in range(settings.LOGIN_MAX_FAILURES):
            attempt_from(client, ATTACKER, "alice", "wrong-password")
        assert attempt_from(client, OFFICE, "alice", PASSWORD).status_code == 302
        client.logout()
        refused = attempt_from(client, ATTACKER, "alice", PASSWORD)
        assert "账号已临时锁定" in refused.content.decode()


def _fail_from_many_addresses(client, username):
    """LOGIN_SLOWDOWN_AFTER failures, each from its own address, so that no address is locked."""
    addresses = [f"198.51.100.{n}" for n in range(1, settings.LOGIN_SLOWDOWN_AFTER + 1)]
    for address in addresses:
        attempt_from(client, address, username, "wrong-password")
    return addresses


def test_it_slows_down_addresses_guessing_a_username_under_attack(client, people):
    with time_machine.travel(NOON, tick=False):
        addresses = _fail_from_many_addresses(client, "alice")
        response = attempt_from(client, addresses[0], "alice", PASSWORD)
        page = response.content.decode()
        assert f"尝试过于频繁，请 {settings.LOGIN_SLOWDOWN_SECONDS} 秒后再试" in page
        assert client.get("/").status_code == 302  # the right password was not even checked
        assert AuditEntry.objects.filter(
            action="login_failed", summary__contains="尝试过于频繁", ip=addresses[0]
        ).exists()


def test_it_never_slows_down_the_owner_at_an_address_that_has_not_failed(client, people):
    with time_machine.travel(NOON, tick=False):
        _fail_from_many_addresses(client, "alice")
        assert attempt_from(client, OFFICE, "alice", PASSWORD).status_code == 302


def test_it_allows_the_slowed_address_again_after_the_wait(client, people):
    with time_machine.travel(NOON, tick=False) as clock:
        addresses = _fail_from_many_addresses(client, "alice")
        clock.shift(dt.timedelta(seconds=settings.LOGIN_SLOWDOWN_SECONDS - 10))
        page = attempt_from(client, addresses[-1], "alice", PASSWORD).content.decode()
        assert "请 10 秒后再试" in page
        clock.shift(dt.timedelta(seconds=10))
        assert attempt_from(client, addresses[-1], "alice", PASSWORD).status_code == 302


def test_it_does_not_slow_down_before_the_username_wide_limit(client, people):
    with time_machine.travel(NOON, tick=False):
        for n in range(1, settings.LOGIN_SLOWDOWN_AFTER):
            attempt_from(client, f"198.51.100.{n}", "alice", "wrong-password")
        assert attempt_from(client, "198.51.100.1", "alice", PASSWORD).status_code == 302


def test_it_ignores_a_forged_forwarded_address_unless_behind_our_proxy(client, people, settings):
    with time_machine.travel(NOON, tick=False):
        for n in range(settings.LOGIN_MAX_FAILURES):
            # a guesser cannot dodge the lock by inventing a new address each time
            client.post(
                "/accounts/login/",
                {"username": "alice", "password": "wrong-password"},
                REMOTE_ADDR=ATTACKER,
                HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
            )
        assert (
            "账号已临时锁定" in attempt_from(client, ATTACKER, "alice", PASSWORD).content.decode()
        )
        settings.BEHIND_TLS_PROXY = True
        # behind the proxy, REMOTE_ADDR is the proxy's; the client is the entry the proxy added
        response = client.post(
            "/accounts/login/",
            {"username": "alice", "password": PASSWORD},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"{ATTACKER}, {OFFICE}",
        )
        assert response.status_code == 302
        assert AuditEntry.objects.get(action="login").ip == OFFICE
