"""plan S3.1.5 (annex task 4): the clue desk page — staff file a clue from a human channel into
the signal pipeline; a bad or out-of-scope submission is refused in Chinese and stores nothing."""

import re

import pytest

from layoffwatch.monitoring.models import Clue, Signal

pytestmark = pytest.mark.django_db

URL = "/monitoring/clues/"


def clue(**overrides):
    data = {
        "channel": "broker",
        "town": "",
        "received_on": "2026-03-01",
        "reported_count": "40",
        "description": "劳务经纪人反映该厂下月将裁员约40人",
        "source_note": "电话 138****0000",
        "enterprise_uscc": "",
    }
    return data | overrides


def test_staff_file_a_clue_on_the_page_and_it_becomes_a_signal_for_annex_task_4(login, people):
    response = login(people.sam).post(
        URL, clue(enterprise_uscc=people.zitong_factory.uscc.lower()), follow=True
    )
    stored = Clue.objects.get()
    signal = stored.signal
    assert response.redirect_chain[-1][0] == f"/monitoring/signals/{signal.pk}/"
    assert f"线索已登记，转入核实（信号 #{signal.pk}）" in response.content.decode()
    assert stored.enterprise == people.zitong_factory and stored.town == people.zitong_factory.town
    assert signal.kind == Signal.Kind.CLUE and signal.annex_task == 4
    assert signal.assigned_unit.code == "enforcement"
    listed = login(people.sam).get(URL).content.decode()
    assert people.zitong_factory.name in listed and f"#{signal.pk}" in listed


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("description", "", "请填写线索内容"),
        ("channel", "gossip", "选择一个有效的选项"),
        ("received_on", "2026-02-30", "输入一个有效的日期。"),
        ("enterprise_uscc", "91500152MA0000000P", "企业名录中没有这个统一社会信用代码"),
        ("enterprise_uscc", "91500152MA0000000X", "统一社会信用代码校验位错误"),
    ],
)
def test_a_bad_clue_is_refused_naming_the_field_and_nothing_is_stored(
    login, people, field, value, message
):
    response = login(people.sam).post(URL, clue(**{field: value}))
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert not Clue.objects.exists() and not Signal.objects.exists()


def test_a_town_liaison_cannot_name_an_enterprise_of_another_town(login, people):
    # tina works for 桂林街道; 梓潼 enterprises are outside her scope, so they are "not found"
    response = login(people.tina).post(URL, clue(enterprise_uscc=people.zitong_factory.uscc))
    assert "企业名录中没有这个统一社会信用代码" in response.content.decode()
    assert not Clue.objects.exists()
    # her own town's enterprise is accepted
    login(people.tina).post(URL, clue(enterprise_uscc=people.guilin_factory.uscc))
    assert Clue.objects.get().enterprise == people.guilin_factory


def test_the_clue_form_is_laid_out_like_the_other_forms(login, people):
    page = login(people.sam).get(URL).content.decode()
    form = page[page.index('id="clue-form"') : page.index("</form>", page.index('id="clue-form"'))]
    controls = re.findall(r"<(?:input|select|textarea)\b[^>]*>", form)
    named = [c for c in controls if 'name="' in c and 'type="hidden"' not in c]
    assert len(named) == 7
    assert all('class="form-control' in c or 'class="form-select' in c for c in named), named
