"""The demo accounts: one per role (two leaders), all with the demo password (for the demo only)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from layoffwatch.accounts.models import Section
from layoffwatch.accounts.roles import Role
from layoffwatch.accounts.services import user_create
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.enterprises.selectors import enterprise_visible_to
from layoffwatch.reference.models import Town

GUILIN = "500152001000"

ACCOUNTS = [
    # username, role, display name, section code
    ("admin", Role.ADMIN, "系统管理员", None),
    ("leader", Role.LEADER, "张局长", "leadership"),
    # plan S5.3 “经报批预警可以解除”: a lift one leader requests is approved by another (ADR 0053),
    # so the demo needs a second leader to walk that path
    ("deputy", Role.LEADER, "黄副局长", "leadership"),
    ("employment", Role.SECTION_STAFF, "李科员（就业科）", "employment"),
    ("talent", Role.SECTION_STAFF, "王干事（就业和人才中心）", "talent_center"),
    ("insurance", Role.SECTION_STAFF, "赵干事（社保中心）", "social_insurance"),
    ("enforcement", Role.SECTION_STAFF, "刘队员（执法支队）", "enforcement"),
    # the other lead units of the annex's tasks (plan annex: 5, 6 and 13), so every task of a
    # demo case can be worked on by its own unit
    ("legal", Role.SECTION_STAFF, "孙科员（劳动关系科）", "legal"),
    ("arbitration", Role.SECTION_STAFF, "吴仲裁员（仲裁院）", "arbitration"),
    ("guilin", Role.TOWN_LIAISON, "周联络员（桂林街道）", None),
    ("commissioner", Role.COMMISSIONER, "陈专员", None),
    ("agency", Role.AGENCY, "人力资源服务机构", None),
    ("enterprise", Role.ENTERPRISE, "企业填报员", None),
]
USERNAMES = [a[0] for a in ACCOUNTS]


def _reporter_firm(saved: list[Enterprise]) -> Enterprise | None:
    """The reporter's enterprise: the largest food processor in 桂林街道 (so the liaison sees it
    too); failing that, the largest in 桂林街道, or anywhere."""
    in_guilin = [
        e
        for e in saved
        if e.town_id == GUILIN and not e.is_hr_agency and e.ownership != "individual"
    ]
    food = [e for e in in_guilin if e.industry_id[:2] in ("13", "14", "15")]
    candidates = food or in_guilin or saved
    return max(candidates, key=lambda e: e.insured_headcount) if candidates else None


def _enterprise_of(role: str, *, agency, reporter_firm):
    return {Role.AGENCY: agency, Role.ENTERPRISE: reporter_firm}.get(role)


def _assign_commissioners(*, plan, saved: list[Enterprise], first) -> None:
    """The other commissioners carry assignments only; they cannot log in."""
    commissioners = [first]
    for username, display in plan.commissioners[1:]:
        commissioners.append(
            user_create(
                username=username, password=None, role=Role.COMMISSIONER, display_name=display
            )
        )
    for k, user in enumerate(commissioners):
        ids = [saved[i].pk for i, e in enumerate(plan.enterprises) if e.commissioner == k]
        for start in range(0, len(ids), 500):
            Enterprise.objects.filter(pk__in=ids[start : start + 500]).update(commissioner=user)


def accounts_create(*, plan, saved: list[Enterprise], password: str) -> dict:
    """Create ACCOUNTS and the plan's other commissioners, and assign enterprises to commissioners.

    `saved[i]` is the saved enterprise of `plan.enterprises[i]`.
    """
    sections = {s.code: s for s in Section.objects.all()}
    agency = next((e for e in saved if e.is_hr_agency), saved[0] if saved else None)
    reporter_firm = _reporter_firm(saved)
    town = Town.objects.filter(code=GUILIN).first() or Town.objects.order_by("code").first()
    users = {}
    for username, role, display, section in ACCOUNTS:
        users[username] = user_create(
            username=username,
            password=None,
            role=role,
            display_name=display,
            section=sections.get(section) if section else None,
            town=town if role == Role.TOWN_LIAISON else None,
            enterprise=_enterprise_of(role, agency=agency, reporter_firm=reporter_firm),
            is_superuser=role == Role.ADMIN,
        )
    # why: one Argon2 hash costs ~0.2 s; hashing the same published demo password ten times made
    # the demo load five times slower and protects nothing.
    hashed = make_password(password)
    get_user_model().objects.filter(pk__in=[u.pk for u in users.values()]).update(password=hashed)
    for user in users.values():
        user.password = hashed
    _assign_commissioners(plan=plan, saved=saved, first=users["commissioner"])
    return users


def accounts_table() -> list[dict]:
    """The demo accounts as they are in the database, each with its data scope in words."""
    users = {
        u.username: u
        for u in get_user_model()
        .objects.filter(username__in=USERNAMES)
        .select_related("section", "town", "enterprise")
    }
    rows = []
    for username, *_ in ACCOUNTS:
        user = users.get(username)
        if user is None:
            continue
        visible = enterprise_visible_to(user).count()
        if user.role == Role.ADMIN:
            scope = "全部功能与数据 / everything"
        elif user.role == Role.LEADER:
            scope = f"全区（{visible} 家企业）/ whole district"
        elif user.role == Role.SECTION_STAFF:
            scope = f"{user.section}的工作；全区名录 / own section's work, district registry"
        elif user.role == Role.TOWN_LIAISON:
            scope = f"{user.town}（{visible} 家企业）/ own town"
        elif user.role == Role.COMMISSIONER:
            scope = f"分管 {visible} 家企业 / assigned enterprises"
        elif user.role == Role.AGENCY:
            scope = f"{user.enterprise}及其 {visible - 1} 家用工单位 / itself and user enterprises"
        else:
            scope = f"{user.enterprise} / own enterprise"
        rows.append(
            {"username": username, "role": user.get_role_display(), "scope": scope, "user": user}
        )
    return rows
