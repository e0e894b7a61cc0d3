"""Who may do what in a case (one place for services, views and the API)."""

from layoffwatch.accounts.roles import Role
from layoffwatch.alerts.permissions import TASK_FORCE_SECTION, has_role, is_task_force

__all__ = ["TASK_FORCE_SECTION", "has_role", "is_task_force", "in_section", "can_work_on"]


def in_section(user, code: str) -> bool:
    """Staff of the section (科室/单位) `code` — the only people who complete its tasks."""
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.SECTION_STAFF
        and user.section_id is not None
        and user.section.code == code
    )


def can_work_on(user, case) -> bool:
    """Task force, the staff of a unit with a task in the case, or the town's liaison."""
    if is_task_force(user):
        return True
    if user.role == Role.SECTION_STAFF and user.section_id:
        code = user.section.code
        return any(t.lead == code or code in t.cooperating for t in case.tasks.all())
    if user.role == Role.TOWN_LIAISON:
        return user.town_id is not None and user.town_id == case.alert.enterprise.town_id
    return False
