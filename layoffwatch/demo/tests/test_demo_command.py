import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from layoffwatch.demo.generator import DEMO_PASSWORD
from layoffwatch.demo.models import DemoDataset
from layoffwatch.enterprises.models import Enterprise, HeadcountRecord


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_prepares_the_demo_and_prints_the_accounts(reference_data):
    output = run("demo", "--no-serve", "--enterprises", "40")
    assert Enterprise.objects.count() == 40
    assert HeadcountRecord.objects.count() == 40 * 24
    for username in (
        "admin",
        "leader",
        "deputy",
        "employment",
        "guilin",
        "commissioner",
        "agency",
        "enterprise",
    ):
        assert f"  {username} " in output
    assert DEMO_PASSWORD in output
    assert "桂林街道" in output and "镇街联络员" in output
    assert "仅用于演示" in output


def test_it_reuses_what_exists_when_run_again(reference_data):
    run("demo", "--no-serve", "--enterprises", "40")
    counts = (
        Enterprise.objects.count(),
        HeadcountRecord.objects.count(),
        DemoDataset.objects.count(),
    )
    output = run("demo", "--no-serve", "--enterprises", "40", "--seed", "99")
    assert (
        Enterprise.objects.count(),
        HeadcountRecord.objects.count(),
        DemoDataset.objects.count(),
    ) == counts
    assert "已存在" in output and "already loaded" in output
    assert "admin" in output


def test_it_refuses_to_generate_twice(reference_data):
    output = run("generate_demo", "--enterprises", "30", "--months", "6")
    assert "30" in output
    assert HeadcountRecord.objects.count() == 30 * 6
    with pytest.raises(CommandError, match="已存在"):
        run("generate_demo", "--enterprises", "30")
    assert Enterprise.objects.count() == 30


def test_it_rejects_a_bad_port(reference_data):
    with pytest.raises(CommandError, match="端口"):
        run("demo", "--no-serve", "--port", "70000")


def test_it_shows_the_real_enterprise_count_on_the_home_page(reference_data, client):
    run("demo", "--no-serve", "--enterprises", "45")
    response = client.post(
        "/accounts/login/", {"username": "employment", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    page = client.get("/").content.decode()
    # the figure, or the figure as a link to the list behind it
    figure = re.search(r'data-testid="count-enterprises">(?:<a [^>]*>)?(\d+)<', page)
    assert figure and int(figure[1]) == Enterprise.objects.count()
    assert Enterprise.objects.count() == 45


def test_the_demo_has_two_analysed_months_and_a_consultation(reference_data, settings, tmp_path):
    """plan S6.1: the feeds' last two months analysed — one signed off, one a draft — and a
    consultation on the signed one with its actions; the draft's figures are the table's."""
    from layoffwatch.analysis.indicators import month_indicators
    from layoffwatch.analysis.models import Consultation, MonthlyAnalysis

    settings.LAKE_DIR = tmp_path / "lake"
    output = run("demo", "--no-serve", "--enterprises", "40")
    analyses = {a.period: a.status for a in MonthlyAnalysis.objects.all()}
    end = f"{DemoDataset.objects.get().end_period:%Y-%m}"
    assert sorted(analyses.values()) == ["draft", "signed"] and analyses[end] == "draft"
    consultation = Consultation.objects.get()
    assert consultation.analysis.status == "signed" and consultation.actions.count() == 2
    draft = MonthlyAnalysis.objects.get(period=end)
    overall = next(s["text"] for s in draft.sections if s["key"] == "overall")
    insured = month_indicators(end).district.value("insured")
    assert f"{insured:,}" in overall or str(insured) in overall
    assert "已签发" in output
