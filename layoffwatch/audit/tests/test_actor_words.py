"""Who did it, on the audit log's page: an entry no person made (the system, an anonymous sender,
a failed login) names its maker in the reader's language; a person's entry names the person as
recorded, and the stored label (hashed into the chain) stays Chinese (ADR 0100, amended
2026-12-07 (2))."""

import pytest

from layoffwatch.audit.models import AuditEntry
from layoffwatch.audit.services import audit_record

from .test_log_page_words import rows

pytestmark = pytest.mark.django_db

LABELS = {  # stored → English
    "系统（直报定级）": "System (grading of direct reports)",
    "系统（数据比对）": "System (data matching)",
    "匿名（扫码填报）": "Anonymous (QR-code reporting)",
    "张三（未登录）": "张三 (not signed in)",
    "匿名 / anonymous": "Anonymous",
}


@pytest.fixture
def entries(people):
    for label in LABELS:
        audit_record(action="update", obj=people.guilin_factory, summary="定级", actor_label=label)
    audit_record(action="update", actor=people.sam, obj=people.guilin_factory, summary="修改")


def _actors(login, user, language: str) -> set[str]:
    client = login(user)
    client.cookies["django_language"] = language
    return {row[2] for row in rows(client.get("/audit/").content.decode())}


def test_the_log_names_the_system_in_the_readers_language(login, people, entries):
    person = AuditEntry.objects.get(actor_id=people.sam.pk).actor_label
    english = _actors(login, people.alice, "en")
    assert set(LABELS.values()) <= english and person in english
    assert not set(LABELS) & english
    assert set(LABELS) | {person} <= _actors(login, people.alice, "zh-hans")
