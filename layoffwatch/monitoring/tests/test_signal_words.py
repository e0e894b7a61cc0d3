"""plan S3.1.3: a signal's page says its figures, evidence and history in words — labels, names and
formatted values, never a column name, a code, a Python dict or "None"."""

import datetime as dt
import html
import re

import pytest

from layoffwatch.monitoring import services
from layoffwatch.monitoring.detection import Finding
from layoffwatch.monitoring.models import Signal

from .conftest import NOW

pytestmark = pytest.mark.django_db

# what a page must never show: the stored names and codes of the figures and evidence
DEVELOPER_TEXT = re.compile(
    r"\{'|\bNone\b|\bTrue\b|\bFalse\b|\b(?:base_score|baseline_months|hires|now_at|reported_count"
    r"|female|male|dismissal|contract_end|deregistered|abnormal|unreported|phone|normal)\b"
)


def visible(page: str) -> str:
    """The text a person reads: tags, scripts and attribute values left out."""
    page = re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>", " ", page)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def section(page: str, marker: str) -> str:
    start = page.index(marker)
    return visible(page[start : page.index("</table>", start)])


def record(*findings: Finding) -> list[Signal]:
    services.signals_record(period="2026-02", findings=list(findings), at=NOW)
    return [Signal.objects.get(kind=f.kind, dedupe_key__contains=f.subject) for f in findings]


def stoppage(people) -> Finding:
    uscc = people.guilin_factory.uscc
    return Finding(
        kind="mass_stoppage",
        summary=f"{uscc} 社保断缴 58 人",
        employer_uscc=uscc,
        count=58,
        score=80.0,
        figures={
            "employer_uscc": uscc,
            "headcount_before": 1234,
            "hires": 12,
            "baseline_months": 2,
            "moved_to": None,
            "rate": 0.4603,
            "usual_separations": 3.5,
            "kind": "mass_stoppage",
            "reconciliation": {"outcome": "unreported", "reported": 0, "receipts": []},
            "base_score": 56.1,
        },
        evidence=[
            {"person": "00121b6214553f5b", "age": 26, "sex": "female", "reason": "dismissal",
             "now_at": people.zitong_factory.uscc},
            {"person": "00276279c29c3876", "age": 62, "sex": "male", "reason": None,
             "now_at": None},
        ],
        reconciliation="unreported",
    )  # fmt: skip


def test_a_stoppage_shows_its_figures_by_label_and_formatted(login, people):
    (signal,) = record(stoppage(people))
    page = login(people.sam).get(f"/monitoring/signals/{signal.pk}/").content.decode()
    figures = section(page, 'id="signal-figures"')
    assert "46.0%" in figures and "0.4603" not in figures
    assert "1,234" in figures  # 上月参保人数, with a thousands separator
    assert "风险评分（未计直报比对）" in figures and "基线月数" in figures
    assert "本月新增人员（含从其他单位转入）" in figures
    assert "无（离开者未集中转入同一单位）" in figures  # moved_to: none, said what it means
    assert "未报告" in visible(page) and "没有匹配的裁员报告" in visible(page)
    assert not DEVELOPER_TEXT.search(visible(page)), DEVELOPER_TEXT.search(visible(page))


def test_the_evidence_rows_have_chinese_columns_labels_and_employer_names(login, people):
    (signal,) = record(stoppage(people))
    page = login(people.sam).get(f"/monitoring/signals/{signal.pk}/").content.decode()
    evidence = section(page, 'id="signal-evidence"')
    for column in ("年龄", "性别", "减员原因", "现参保单位"):
        assert column in evidence
    assert "女" in evidence and "男" in evidence and "辞退" in evidence
    assert people.zitong_factory.name in evidence  # now_at by the enterprise's name
    assert "未填写" in evidence  # a leaver without a reason
    assert not DEVELOPER_TEXT.search(evidence), DEVELOPER_TEXT.search(evidence)


def test_coded_and_percent_figures_of_other_kinds_read_as_words(login, people):
    uscc = people.guilin_factory.uscc
    closed, rate = record(
        Finding(
            kind="business_event",
            summary=f"{uscc} 注销",
            employer_uscc=uscc,
            count=25,
            score=40.0,
            figures={"employer_uscc": uscc, "event": "deregistered", "event_date": "2026-02-15",
                     "insured": 25000, "insured_source": "registry", "insured_period": None},
        ),
        Finding(
            kind="town_rate_jump",
            summary="500152001000 调查失业率 5.7%",
            town_code="500152001000",
            score=36.0,
            figures={"town_code": "500152001000", "rate": 5.7, "rate_last_month": 4.5,
                     "jump_month": 1.2},
        ),
    )  # fmt: skip
    closed_page = visible(
        login(people.sam).get(f"/monitoring/signals/{closed.pk}/").content.decode()
    )
    assert "变更事项 注销" in closed_page and "25,000" in closed_page
    assert "参保人数来源 企业名录" in closed_page and "参保人数月份 未知" in closed_page
    rate_page = visible(login(people.sam).get(f"/monitoring/signals/{rate.pk}/").content.decode())
    assert "本月调查失业率 5.7%" in rate_page and "上月调查失业率 4.5%" in rate_page
    for page in (closed_page, rate_page):
        assert not DEVELOPER_TEXT.search(page), DEVELOPER_TEXT.search(page)


def test_a_clue_names_its_channel_and_the_timeline_names_the_actor_once(login, people):
    signal = services.clue_file(
        actor=people.sam,
        at=NOW,
        channel="phone",
        received_on=dt.date(2026, 3, 1),
        description="电话反映该厂辞退工人",
        enterprise=people.guilin_factory,
        reported_count=25,
    ).signal
    signal.assigned_unit = people.sam.section
    signal.save()
    login(people.sam).post(f"/monitoring/signals/{signal.pk}/take/")
    page = visible(login(people.sam).get(f"/monitoring/signals/{signal.pk}/").content.decode())
    assert "来源渠道 电话投诉" in page and "反映涉及人数 25" in page
    taken = re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d ([^：]+)：认领核实", page)
    assert taken and taken.group(1).strip() == str(people.sam)
    assert page.count(f"{people.sam}：认领核实") == 1 and f"{people.sam} 认领核实" not in page
    assert not DEVELOPER_TEXT.search(page), DEVELOPER_TEXT.search(page)


def test_a_signal_found_again_says_what_changed_in_words(login, people):
    first = stoppage(people)
    record(first)
    first.figures = {**first.figures, "hires": 13}
    first.count = 59
    (signal,) = record(first)
    page = visible(login(people.sam).get(f"/monitoring/signals/{signal.pk}/").content.decode())
    assert "重新比对：数据更新（涉及人数、触发数据）" in page
    assert "count" not in page and "figures" not in page


def test_the_figures_and_evidence_read_in_english_on_request(login, people):
    (signal,) = record(stoppage(people))
    client = login(people.sam)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/monitoring/signals/{signal.pk}/").content.decode()
    figures, evidence = section(page, 'id="signal-figures"'), section(page, 'id="signal-evidence"')
    assert "Separations as a share of last month's insured staff 46.0%" in figures
    assert "Female" in evidence and "Dismissal" in evidence and "Insured now at" in evidence
    assert "not insured elsewhere" in evidence and "Not given" in evidence


def test_the_clue_desk_lists_a_clue_about_the_whole_district(login, people):
    """A clue that names neither an enterprise nor a town is about the whole district."""
    services.clue_file(
        actor=people.sam,
        at=NOW,
        channel="public_opinion",
        received_on=dt.date(2026, 3, 1),
        description="网上反映多家工厂放长假",
    )
    response = login(people.sam).get("/monitoring/clues/")
    assert response.status_code == 200
    assert "舆情 全区" in visible(response.content.decode())
