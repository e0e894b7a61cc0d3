"""Attachments of steps, tasks and filings (ADR 0086): only documents and scans by content,
within the size limit; a refused file is stored nowhere and the refusal is audited; a stored
file comes back as a download under a safe name, never shown as a page."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from layoffwatch.audit.models import AuditEntry
from layoffwatch.response.models import CaseStep, CaseTask, Filing, ResponseCase, TaskNote
from layoffwatch.testing.cases import local, report, staff

pytestmark = pytest.mark.django_db
T0 = local(2026, 3, 2, 9, 0)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML = b"<!doctype html><script>fetch('/api/v1/alerts')</script>"
LIMIT = 1024 * 1024


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_MAX_BYTES = dict.fromkeys(settings.UPLOAD_MAX_BYTES, LIMIT)
    return tmp_path


@pytest.fixture
def case(people):
    with time_machine.travel(T0, tick=False):
        alert = report(people.guilin_factory, cut=30, on=dt.date(2026, 3, 20), at=T0).alert
    return ResponseCase.objects.get(alert=alert)


@pytest.fixture
def emma(people):
    return staff("emma", "employment")  # the task force's lead section (ADR 0050)


def step_url(case):
    step = next(s for s in case.steps.all() if not s.needs_filings and s.done_at is None)
    return f"/response/cases/{case.pk}/steps/{step.pk}/done/", {"note": "已办结"}


def task_url(case):
    task = CaseTask.objects.get(case=case, number=7)  # led by 就业和人才中心 (sam's unit)
    return f"/response/cases/{case.pk}/tasks/{task.pk}/notes/", {"text": "已走访企业"}


def filing_url(case):
    step = next(s for s in case.steps.all() if s.external_bodies)
    data = {"step": step.pk, "recipient": step.external_bodies[0], "channel": "document"}
    return f"/response/cases/{case.pk}/filings/", data | {"sent_at": "2026-03-02T09:30"}


WHERE = {
    "step": (step_url, "attachment", "附件"),
    "task": (task_url, "attachment", "附件"),
    "filing": (filing_url, "document", "文书"),
}


def stored(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()]


def nothing_attached() -> bool:
    return not (
        CaseStep.objects.exclude(attachment="").exists()
        or TaskNote.objects.exclude(attachment="").exists()
        or Filing.objects.exclude(document="").exists()
    )


@pytest.mark.parametrize("where", WHERE)
def test_a_web_page_over_the_size_limit_is_refused_stored_nowhere_and_audited(
    login, people, case, emma, media, where
):
    url_of, field, what = WHERE[where]
    url, data = url_of(case)
    big = SimpleUploadedFile("通知.html", HTML + b" " * LIMIT, content_type="text/html")
    user = emma if where != "task" else people.sam
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        html = login(user).post(url, data | {field: big}, follow=True).content.decode()
    assert f"{what}不能超过 1 MB（所传文件 1.1 MB）" in html
    assert stored(media) == [] and nothing_attached()
    entry = AuditEntry.objects.filter(action="rejected").latest("seq")
    assert entry.actor_id == user.pk and f"{what}不能超过 1 MB" in entry.summary


@pytest.mark.parametrize("where", WHERE)
def test_a_web_page_renamed_pdf_is_refused_by_its_content(login, people, case, emma, media, where):
    url_of, field, what = WHERE[where]
    url, data = url_of(case)
    user = emma if where != "task" else people.sam
    fake = SimpleUploadedFile("处置方案.pdf", HTML, content_type="application/pdf")
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        html = login(user).post(url, data | {field: fake}, follow=True).content.decode()
    assert f"{what}只能是 PDF、Word、JPG、PNG 文件（按文件内容判断，与扩展名无关）" in html
    assert stored(media) == [] and nothing_attached()
    assert AuditEntry.objects.filter(action="rejected", summary__contains="只能是").exists()


@pytest.mark.parametrize("where, kind", [("step", "step"), ("task", "note"), ("filing", "filing")])
def test_a_pdf_is_kept_and_comes_back_as_a_download_under_its_chinese_name(
    login, people, case, emma, where, kind
):
    url_of, field, _what = WHERE[where]
    url, data = url_of(case)
    user = emma if where != "task" else people.sam
    client = login(user)
    pdf = SimpleUploadedFile("处置方案 第1稿.pdf", PDF, content_type="text/html")
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        client.post(url, data | {field: pdf})
    model = {"step": CaseStep, "note": TaskNote, "filing": Filing}[kind]
    item = model.objects.exclude(**{field: ""}).get()
    response = client.get(f"/response/cases/{case.pk}/files/{kind}/{item.pk}/")
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "%E5%A4%84%E7%BD%AE%E6%96%B9%E6%A1%88" in disposition  # 处置方案
    assert "/" not in disposition.split("''", 1)[1]
