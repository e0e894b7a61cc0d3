"""The departments a consultation (会商) brings together (plan S6.1: “与公安、经信、市场监管、统计、
税务等部门数据共享……会商相关部门科学研判就业形势”): the bureau's own sections (accounts.Section, by
their code) and these outside departments, by a code of their own."""

from django.utils.translation import gettext_lazy as _

# code → name, in the order the plan lists them
DEPARTMENTS = {
    "dept:public_security": _("区公安局"),
    "dept:economy_it": _("区经济信息委"),
    "dept:market_regulation": _("区市场监管局"),
    "dept:statistics": _("区统计局"),
    "dept:tax": _("区税务局"),
}


def organisation_choices() -> list[tuple[str, str]]:
    """Every organisation a consultation can name: the bureau's sections, then the departments."""
    from layoffwatch.accounts.models import Section

    sections = [(f"section:{s.code}", s.name_shown) for s in Section.objects.order_by("pk")]
    return sections + [(code, str(name)) for code, name in DEPARTMENTS.items()]


def organisation_name(code: str) -> str:
    """The organisation's name in the reader's language; an unknown code as it is stored."""
    if code in DEPARTMENTS:
        return str(DEPARTMENTS[code])
    if code.startswith("section:"):
        from layoffwatch.accounts.models import Section

        section = Section.objects.filter(code=code.removeprefix("section:")).first()
        if section:
            return section.name_shown
    return code
