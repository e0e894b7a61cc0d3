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
        for _ in range(settings.LOGIN_MAX_FAILURES):
            attempt(client, "sam", "wrong-password")
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
