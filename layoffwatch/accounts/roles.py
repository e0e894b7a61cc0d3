"""Roles and what each may do. One place, so views, selectors and the API agree."""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    LEADER = "leader", _("局领导")
    SECTION_STAFF = "section_staff", _("科室（单位）工作人员")
    TOWN_LIAISON = "town_liaison", _("镇街联络员")
    COMMISSIONER = "commissioner", _("稳企惠企服务专员")
    AGENCY = "agency", _("人力资源服务机构")
    ENTERPRISE = "enterprise", _("企业填报员")


# Roles that see the whole district's registry (their scope narrows only case work, later stages).
DISTRICT_WIDE = {Role.ADMIN, Role.LEADER, Role.SECTION_STAFF}
# Roles allowed to create, edit and import enterprises, and to work on the people of assistance,
# rights and credit (town liaisons: in their own town only, enforced by the selectors' scope).
REGISTRY_EDITORS = {Role.ADMIN, Role.SECTION_STAFF, Role.TOWN_LIAISON}
# Internal bureau roles (back-office pages).
BUREAU = {Role.ADMIN, Role.LEADER, Role.SECTION_STAFF, Role.TOWN_LIAISON, Role.COMMISSIONER}


def require_writer(actor, what: str) -> None:
    """Refuse unless the actor is bureau staff who work on people and enterprises
    (REGISTRY_EDITORS); the town of a liaison is the caller's scope check."""
    ok = (
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and actor.is_active
        and (actor.is_superuser or actor.role in REGISTRY_EDITORS)
    )
    if not ok:
        raise PermissionDenied(f"您的角色不能{what}")
