"""Seed for the running-system tests (tests/test_running_system.py): run as its own process,
configured by the same environment as the server under test, before the server starts.

    python -m tests.running_seed      # prints JSON: the enterprise, the users' token

Creates what a freshly installed bureau has after its administrator's first hour: the
reference data, one enterprise of 桂林街道, a section staff member of 就业和人才中心 with an API
token, and two responsible leaders (all can log in with PASSWORD).
"""

import json
import os

PASSWORD = "correct-horse-battery"


def seed() -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "layoffwatch.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from layoffwatch.accounts.models import Section
    from layoffwatch.accounts.roles import Role
    from layoffwatch.accounts.services import token_issue, user_create
    from layoffwatch.core.validators import uscc_with_check_digit
    from layoffwatch.enterprises.models import Enterprise
    from layoffwatch.reference.loaders import ensure_reference_data

    ensure_reference_data()
    factory = Enterprise.objects.create(
        uscc=uscc_with_check_digit("91500152MA0000001"),
        name="潼南运行检验机械有限公司",
        town_id="500152001000",
        industry_id="3670",
        insured_headcount=300,
    )
    staff = user_create(
        username="sam",
        password=PASSWORD,
        role=Role.SECTION_STAFF,
        display_name="孙明",
        section=Section.objects.get(code="talent_center"),
    )
    for username, name in (("li", "李局长"), ("zhang", "张副局长")):  # S5.3: another approves
        user_create(
            username=username,
            password=PASSWORD,
            role=Role.LEADER,
            display_name=name,
            section=Section.objects.get(code="leadership"),
        )
    return {
        "uscc": factory.uscc,
        "name": factory.name,
        "token": token_issue(user=staff, name="running-system test"),
    }


if __name__ == "__main__":
    print(json.dumps(seed(), ensure_ascii=False))
