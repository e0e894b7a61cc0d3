import pytest

from layoffwatch.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_logs_in_and_shows_the_chinese_sidebar(page, people):
    browser_login(page, "sam")
    page.wait_for_selector("#sidebar")
    sidebar = page.inner_text("#sidebar")
    for stage in ["企业名录", "监测直报", "预警管理", "应急处置", "就业帮扶"]:
        assert stage in sidebar
    # every stage of the plan's flow is built: none says 建设中 (plan S6.4 舆情研判 the last)
    assert "舆情研判" in sidebar and "建设中" not in sidebar


def test_it_tells_a_user_with_wrong_credentials_in_chinese(page, people):
    browser_login(page, "sam", "wrong-password")
    assert "用户名或密码错误" in page.inner_text("[data-testid=login-error]")
