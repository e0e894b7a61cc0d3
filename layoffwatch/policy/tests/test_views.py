"""The policy page (read-only for the bureau) and the administrator's revision form."""

import datetime as dt

import pytest

from layoffwatch.audit.models import AuditEntry
from layoffwatch.policy.loader import bundled_policy
from layoffwatch.policy.models import PolicyRevision

from .helpers import bundled_text, level3_threshold_revised

pytestmark = pytest.mark.django_db


def test_it_shows_the_rules_in_force_and_their_history_to_bureau_staff(login, people):
    response = login(people.sam).get("/policy/?on=2026-03-01")
    assert response.status_code == 200
    html = response.content.decode()
    version = bundled_policy().version(dt.date(2026, 3, 1))  # tongnan@<since>#<hash>
    assert f"{version.split('@')[1][:10]} 起施行的政策参数" in html and version not in html
    for text in [
        "51–200",
        "二级预警（较重）",
        "经局领导审核后报区委、区政府批准",
        "风险基本情况",
        "后果影响",
        "行政执法支队",
        "分管就业和人才工作的责任领导",
        "《劳动合同法》第四十一条",
    ]:
        assert text in html, text
    assert 'data-testid="new-revision"' not in html  # only administrators see the button


def test_it_shows_no_rules_before_the_plan_took_effect(login, people):
    html = login(people.sam).get("/policy/?on=2023-02-22").content.decode()
    assert "该日没有施行中的预警等级标准" in html


def test_it_says_so_when_the_date_is_malformed(login, people):
    html = login(people.sam).get("/policy/?on=2026-13-45").content.decode()
    assert "格式不对" in html


def test_it_grades_a_trial_cut_on_the_page(login, people):
    html = (
        login(people.li).get("/policy/?on=2026-03-01&cut=10&staff=100&dispatched=").content.decode()
    )
    assert 'data-testid="trial-result"' in html and "须报告" in html and "第四十一条" in html


def test_it_rejects_a_negative_trial_cut_with_a_message(login, people):
    html = login(people.li).get("/policy/?cut=-5").content.decode()
    assert 'data-testid="trial-result"' not in html
    assert "一次性裁减人数（含派遣）：" in html


@pytest.mark.parametrize("who", ["agnes", "ed"])
def test_it_refuses_the_page_outside_the_bureau_and_audits_it(client, people, who):
    client.force_login(getattr(people, who))
    assert client.get("/policy/").status_code == 403
    assert AuditEntry.objects.filter(action="denied", object_id="/policy/").exists()


def test_it_shows_a_parameter_file_in_full(login, people):
    html = login(people.tina).get("/policy/files/annex_tasks/").content.decode()
    assert "任务分解表" in html and "opens_at_level" in html
    assert login(people.tina).get("/policy/files/nonsense/").status_code == 404


def test_it_refuses_the_revision_form_to_a_leader_and_audits_it(client, people):
    client.force_login(people.li)
    assert client.get("/policy/revisions/new/").status_code == 403
    response = client.post(
        "/policy/revisions/new/",
        {"file_key": "alert_levels", "yaml_text": "x", "effective_date": "2099-01-01", "note": "n"},
    )
    assert response.status_code == 403
    assert not PolicyRevision.objects.exists()
    assert (
        AuditEntry.objects.filter(action="denied", object_id="/policy/revisions/new/").count() == 2
    )


def test_it_prefills_the_form_with_the_current_file(login, people):
    html = login(people.alice).get("/policy/revisions/new/?file=blacklist").content.decode()
    assert "listing_years:" in html and 'value="blacklist" selected' in html


def test_an_administrator_adds_a_dated_version(login, people):
    tomorrow = dt.date.today() + dt.timedelta(days=400)
    client = login(people.alice)
    response = client.post(
        "/policy/revisions/new/",
        {
            "file_key": "alert_levels",
            "effective_date": tomorrow.isoformat(),
            "note": "区人社局会议决定提高三级门槛",
            "yaml_text": level3_threshold_revised(tomorrow, 30),
        },
        follow=True,
    )
    html = response.content.decode()
    assert "已登记 alert_levels.yaml 的新版本" in html
    assert "区人社局会议决定提高三级门槛" in html and "待施行" in html
    assert PolicyRevision.objects.get().author == people.alice


def test_a_bad_version_shows_the_file_key_and_problem_and_saves_nothing(login, people):
    text = bundled_text("alert_levels").replace("{value: 51,", "{value: 61,", 1)
    html = (
        login(people.alice)
        .post(
            "/policy/revisions/new/",
            {
                "file_key": "alert_levels",
                "effective_date": "2099-01-01",
                "note": "改历史",
                "yaml_text": text,
            },
        )
        .content.decode()
    )
    assert (
        "alert_levels.yaml › brackets[1].threshold.2023-02-23" in html
        and "历史取值不能修改" in html
    )
    assert not PolicyRevision.objects.exists()
