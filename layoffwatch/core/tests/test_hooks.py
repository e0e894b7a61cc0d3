"""Core imports no app above it; what it needs from them they register on core's hooks
(ADR 0093). These tests show that a page refusal is still audited, `layoffwatch serve` still
finishes interrupted imports first, and a restore still refuses an installation in use."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.management import call_command
from django.http import Http404
from django.test import RequestFactory

from layoffwatch.accounts.models import User
from layoffwatch.audit.models import AuditEntry
from layoffwatch.audit.services import audit_record
from layoffwatch.core import backup, hooks
from layoffwatch.core.management.commands import serve
from layoffwatch.core.permissions import deny, deny_not_found
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.monitoring.services import recover_publishing

pytestmark = pytest.mark.django_db


def _request(user, path="/enterprises/7/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


@pytest.mark.parametrize("refuse, answer", [(deny, PermissionDenied), (deny_not_found, Http404)])
def test_it_audits_a_refused_page_through_the_hook_audit_registers(people, refuse, answer):
    with pytest.raises(answer, match="无权查看该企业"):
        refuse(_request(people.tina), "无权查看该企业")

    entry = AuditEntry.objects.get(action="denied")
    assert (entry.actor_id, entry.object_id, entry.summary) == (
        people.tina.pk,
        "/enterprises/7/",
        "无权查看该企业",
    )


def test_it_will_not_refuse_a_page_that_nobody_would_record(people, monkeypatch):
    monkeypatch.setattr(hooks.on_denied, "_handlers", [])

    with pytest.raises(ImproperlyConfigured, match="layoffwatch.audit"):
        deny(_request(people.tina), "无权查看该企业")
    assert not AuditEntry.objects.filter(action="denied").exists()


@pytest.fixture
def serve_without_processes(monkeypatch):
    """`layoffwatch serve` up to the point where it would start gunicorn and Huey."""
    monkeypatch.setattr(serve, "web_process", lambda **kw: type("P", (), {"name": "web"})())
    monkeypatch.setattr(serve, "queue_process", lambda **kw: type("P", (), {"name": "queue"})())
    monkeypatch.setattr(serve, "run_together", lambda processes, say: 0)
    # why: closing the connection would end the test's transaction
    monkeypatch.setattr(serve.connection, "close", lambda: None)

    def run() -> str:
        out = io.StringIO()
        call_command("serve", stdout=out)
        return out.getvalue()

    return run


def test_serve_finishes_interrupted_imports_first_as_monitoring_registered(
    serve_without_processes, monkeypatch
):
    (work,) = [w for w in hooks.before_serving.handlers if w.run is recover_publishing]
    monkeypatch.setattr(hooks.before_serving, "_handlers", [work])
    assert "中断的数据导入" not in serve_without_processes()  # nothing was interrupted

    monkeypatch.setattr(
        hooks.before_serving, "_handlers", [hooks.StartupWork(run=lambda: 2, done=work.done)]
    )
    assert "已完成 2 个中断的数据导入 / finished 2 interrupted imports" in (
        serve_without_processes()
    )


@pytest.mark.parametrize(
    "first_row",
    [
        lambda: User.objects.create_user(username="someone", password="x-correct-horse"),
        lambda: audit_record(action="export", object_type="test", object_id="1", summary="导出"),
        lambda: Enterprise.objects.create(
            uscc="91500152MA5U00001X",
            name="潼南测试有限公司",
            town_id="500152001000",
            industry_id="1361",
        ),
    ],
    ids=["a user", "an audit entry", "an enterprise"],
)
def test_a_restore_sees_an_installation_in_use_by_its_first_user_audit_entry_or_enterprise(
    reference_data, first_row
):
    # reference_data: the enterprise needs its town and industry, which an earlier
    # transactional test's flush may have removed
    assert {User, AuditEntry, Enterprise} <= set(hooks.in_use_models.handlers)
    assert not backup._database_has_data()

    first_row()
    assert backup._database_has_data()
