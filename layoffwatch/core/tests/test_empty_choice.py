"""Every select a form builds from a model offers "（请选择）" as its empty choice, never Django's
"---------" (core.forms.use_chinese_empty_choice, run at start-up)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/monitoring/clues/",  # a model field with choices (来源渠道) and a foreign key (镇街)
        "/assistance/workers/new/",  # 居住镇街
    ],
)
def test_a_form_select_starts_with_a_chinese_empty_choice(login, people, url):
    page = login(people.alice).get(url).content.decode()
    assert "---------" not in page
    assert '<option value="" selected>（请选择）</option>' in page
