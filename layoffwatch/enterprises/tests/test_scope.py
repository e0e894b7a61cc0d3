import pytest

from layoffwatch.enterprises.selectors import enterprise_visible_to

pytestmark = pytest.mark.django_db


def names(user):
    return set(enterprise_visible_to(user).values_list("name", flat=True))


def test_it_shows_the_whole_district_to_section_staff(people):
    assert {"桂林食品有限公司", "梓潼汽配有限公司"} <= names(people.sam)


def test_it_limits_a_town_liaison_to_her_town(people):
    assert "桂林食品有限公司" in names(people.tina)
    assert "梓潼汽配有限公司" not in names(people.tina)


def test_it_limits_a_commissioner_to_assigned_enterprises(people):
    assert names(people.cai) == {"梓潼汽配有限公司"}


def test_it_shows_an_agency_itself_and_the_enterprises_it_serves(people):
    assert names(people.agnes) == {"潼南人力资源服务有限公司", "梓潼汽配有限公司"}


def test_it_shows_a_reporter_only_his_enterprise(people):
    assert names(people.ed) == {"桂林食品有限公司"}


def test_it_refuses_another_towns_enterprise_by_url(client, people):
    client.force_login(people.tina)
    assert client.get(f"/enterprises/{people.zitong_factory.uscc}/").status_code == 404
    assert client.get(f"/enterprises/{people.guilin_factory.uscc}/").status_code == 200


def test_it_audits_an_attempt_to_open_another_towns_enterprise(client, people):
    from layoffwatch.audit.models import AuditEntry

    client.force_login(people.tina)
    before = AuditEntry.objects.filter(action="denied").count()
    assert client.get(f"/enterprises/{people.zitong_factory.uscc}/").status_code == 404
    denied = AuditEntry.objects.filter(action="denied").order_by("-seq").first()
    assert AuditEntry.objects.filter(action="denied").count() == before + 1
    assert people.zitong_factory.uscc in denied.summary
    assert denied.actor_id == people.tina.pk
