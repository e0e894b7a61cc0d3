"""A case follows its alert (plan S5.1–S5.3, ADR 0051, 0053): a level rise adds the higher level's
steps, deadlines, tasks and filings and keeps the lower level's; the case page and the alert
export say the level it is at; a step due “立即” counts as overdue only after the policy's grace.
"""

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from layoffwatch.alerts.models import Alert
from layoffwatch.response.models import CaseStep, ResponseCase
from layoffwatch.response.selectors import overdue_count
from layoffwatch.response.services import overdue_escalate
from layoffwatch.testing.cases import inbox, local, report, staff

pytestmark = pytest.mark.django_db
T0 = local(2026, 3, 2, 9, 0)
GRACE = dt.timedelta(hours=2)  # response.yaml › immediate_grace_hours on 2026-03-02


def test_a_new_alert_is_not_overdue_at_once_but_after_the_grace(login, people):
    emma = staff("emma", "employment")  # 就业科: told first when the task force's step is late
    with time_machine.travel(T0, tick=False):
        alert = report(people.guilin_factory, cut=30, on=dt.date(2026, 3, 20), at=T0).alert
    case = ResponseCase.objects.get(alert=alert)
    start = CaseStep.objects.get(case=case, key="start_response")
    assert start.due_at == T0 + GRACE
    assert start.deadline_text == "立即（宽限 2 小时）"

    just_after = T0 + dt.timedelta(minutes=1)
    with time_machine.travel(just_after, tick=False):
        html = login(emma).get(f"/response/cases/{case.pk}/").content.decode()
        assert overdue_count(alert) == 0
        assert "桂林食品有限公司" not in login(emma).get("/alerts/?overdue=on").content.decode()
    row = html[html.index(f'id="step-{start.pk}"') :].split("</tr>")[0]
    assert "table-danger" not in row and "2026-03-02 11:00" in row
    assert overdue_escalate(at=just_after)["steps"] == 0

    after = T0 + GRACE + dt.timedelta(minutes=1)
    with time_machine.travel(after, tick=False):
        html = login(emma).get(f"/response/cases/{case.pk}/").content.decode()
        assert overdue_count(alert) == 1
        assert "桂林食品有限公司" in login(emma).get("/alerts/?overdue=on").content.decode()
    row = html[html.index(f'id="step-{start.pk}"') :].split("</tr>")[0]
    assert "table-danger" in row
    assert overdue_escalate(at=after)["steps"] == 1
    assert any("立即启动预警响应" in title for title in inbox(emma))


def test_a_level_rise_adds_the_higher_levels_work_and_keeps_the_lower_levels(login, people):
    people.guilin_factory.insured_headcount = 900
    people.guilin_factory.save()
    t1, t2 = local(2026, 3, 4, 10, 0), local(2026, 3, 6, 15, 0)
    with time_machine.travel(T0, tick=False):
        alert = report(people.guilin_factory, cut=30, on=dt.date(2026, 3, 20), at=T0).alert
    case = ResponseCase.objects.get(alert=alert)
    level3_steps = {s.key: s.due_at for s in case.steps.filter(level=3)}
    level3_tasks = set(case.tasks.values_list("number", flat=True))

    with time_machine.travel(t1, tick=False):  # 30 + 30 = 60: level 2
        report(people.guilin_factory, cut=30, on=dt.date(2026, 3, 21), at=t1)
    case.refresh_from_db()
    assert case.level == 2
    level2_tasks = set(case.tasks.values_list("number", flat=True))
    assert level3_tasks < level2_tasks

    with time_machine.travel(t2, tick=False):  # 60 + 150 = 210: level 1
        report(people.guilin_factory, cut=150, on=dt.date(2026, 3, 22), at=t2)
    alert.refresh_from_db()
    case.refresh_from_db()
    assert (alert.level, case.level) == (1, 1)
    # the lower levels' steps stay, with their deadlines unchanged, except the written report:
    # one per case (plan S6.2, ADR 0053), it moved up with the case and is listed once
    del level3_steps["written_report"]
    assert {s.key: s.due_at for s in case.steps.filter(level=3)} == level3_steps
    assert case.steps.filter(level=2).count() == 6
    assert list(case.steps.filter(key="written_report").values_list("level", flat=True)) == [1]
    level1 = {s.key: s for s in case.steps.filter(level=1)}
    # plan S5.3: reported at once (2 hours from the rise) and on to 市委、市政府 by filings
    assert level1["report"].due_at == t2 + dt.timedelta(hours=2)
    assert level1["report"].notify_names == ["区委", "区政府", "市人力社保局"]
    assert level1["escalate"].needs_filings
    assert level1["escalate"].notify_names == ["市委", "市政府"]
    assert level1["start_response"].due_at == t2 + GRACE  # not yet responding: due after the grace
    assert level2_tasks <= set(case.tasks.values_list("number", flat=True))

    client = login(people.sam)
    html = client.get(f"/response/cases/{case.pk}/").content.decode()
    assert 'data-testid="case-level">一级预警（严重）<' in html
    assert 'data-key="escalate" data-level="1"' in html and 'data-level="3"' in html
    sheet = load_workbook(io.BytesIO(client.get("/alerts/export/").content)).active
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == alert.pk)
    assert row[header.index("预警等级")] == Alert.Level(1).label
    assert row[header.index("处置等级")] == Alert.Level(1).label
