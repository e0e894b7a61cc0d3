"""Who may act on alerts. One place, so services, views and the API agree.

plan S5.0: the bureau's task force (工作专班) runs the response. ADR 0050: the task force is the
bureau leadership plus the staff of the lead section of the warning response
(就业促进和职业能力建设科, annex task 1), and the administrators.
"""

from layoffwatch.accounts.roles import Role

TASK_FORCE_SECTION = "employment"


def is_task_force(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user.role in (Role.ADMIN, Role.LEADER):
        return True
    return (
        user.role == Role.SECTION_STAFF
        and user.section_id is not None
        and user.section.code == TASK_FORCE_SECTION
    )


def has_role(user, role: str | None) -> bool:
    """The approver role the policy names (response.yaml › lifting › approver_role)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return role is not None and user.role == role
