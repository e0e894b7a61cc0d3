"""A blacklist entry's page says its 情形 once; 事由 only when it says something more."""

import pytest

from layoffwatch.credit import services as s
from layoffwatch.testing.people import NOW

pytestmark = pytest.mark.django_db


def _candidate(people, **kw):
    values = {
        "enterprise": people.guilin_factory,
        "reason": "unreported",
        "evidence": "社保数据显示 2026-01 减员 35 人，未见裁员报告",
        "source": "reconciliation",
        "source_ref": "finding-1",
        "at": NOW,
    }
    return s.blacklist_candidate_add(**(values | kw))


def facts(client, entry) -> str:
    html = client.get(f"/credit/{entry.pk}/").content.decode()
    return html.split('id="entry-facts"')[1].split("</table>")[0]


def test_a_candidate_by_its_finding_alone_shows_the_text_once(people, login):
    entry = _candidate(people)
    shown = facts(login(people.sam), entry)
    assert "情形" in shown and "事由" not in shown
    assert shown.count(entry.reason) == 1


def test_a_reason_of_its_own_is_shown_under_事由(people, login):
    entry = _candidate(people, finding="unreported", reason="2026-01 减员 35 人，企业称系合同到期")
    shown = facts(login(people.sam), entry)
    assert "事由" in shown and "企业称系合同到期" in shown
