"""The audit log's page names each entry's object in words — the kind of thing and its name or
number ("裁员报告 ZB-…", "用户 李科员", "监测信号 #12", "页面 /monitoring/") — never the stored
model label and primary key (`reporting.layoffreport 10`)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from layoffwatch.audit.services import audit_record
from layoffwatch.monitoring import services as monitoring
from layoffwatch.reporting.services import layoff_report_submit
from layoffwatch.testing.reports import layoff_body

pytestmark = pytest.mark.django_db
MODEL_LABEL = re.compile(r"\b[a-z]+\.[a-z]+ \d+\b")


def rows(page: str) -> list[list[str]]:
    """The audit table's rows as the cells a person reads."""
    body = page[page.index('data-testid="audit-table"') :]
    body = body[: body.index("</table>")]
    cells = [
        [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]  # fmt: skip
    return [row for row in cells if row]


def objects(page: str) -> list[str]:
    return [row[4] for row in rows(page)]


def test_each_entry_names_its_object_in_words(people, login):
    now = timezone.now()
    report = layoff_report_submit(
        enterprise=people.guilin_factory,
        data=layoff_body(people.guilin_factory),
        channel="staff",
        actor=people.sam,
        at=now,
    ).report
    signal = monitoring.clue_file(
        actor=people.sam,
        at=now,
        channel="phone",
        received_on=now.date(),
        description="电话反映该厂辞退工人",
        enterprise=people.guilin_factory,
    ).signal
    signal.assigned_unit = people.sam.section
    signal.save()
    monitoring.signal_take(signal=signal, actor=people.sam, at=now)
    audit_record(action="update", actor=people.alice, obj=people.sam, summary="修改用户")
    login(people.ed).get("/monitoring/")  # refused: the page is the object
    page = login(people.alice).get("/audit/").content.decode()
    shown = objects(page)
    assert f"裁员报告 {report.receipt_no}" in shown
    assert f"监测信号 #{signal.pk}" in shown  # monitoring's namer: its number, not its summary
    assert "线索 电话投诉 " + now.date().isoformat() in shown  # the clue by its __str__
    assert f"用户 {people.sam}" in shown
    assert "页面 /monitoring/" in shown
    text = re.sub(r"<[^>]+>", " ", page)
    assert not MODEL_LABEL.search(text), MODEL_LABEL.search(text)


def test_a_refused_report_names_the_kind_of_report_and_what_it_was_about(people, login):
    data = layoff_body(people.guilin_factory, planned_cut="")
    with pytest.raises(ValidationError):
        layoff_report_submit(
            enterprise=people.guilin_factory,
            data=data,
            channel="staff",
            actor=people.sam,
            at=timezone.now(),
        )
    row = next(
        r for r in rows(login(people.alice).get("/audit/").content.decode()) if r[3] == "拒绝的提交"
    )
    # nothing was saved: the entry names the kind of report and the enterprise's code it was for
    assert row[4] == f"裁员报告（{people.guilin_factory.uscc}）"
    assert "planned_cut" not in row[5] and "请填写" in row[5]
