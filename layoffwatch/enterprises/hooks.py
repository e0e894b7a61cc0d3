"""What apps later in the flow show on an enterprise's page (ADR 0088): its reports, alerts,
signals, cases, plans and disputes, each linked (workbench: connected pages).

`enterprises` may not import the apps that build on it (docs/architecture.md rule 1): the shell
(`dashboard`, top of the layers) registers one handler from its `AppConfig.ready()` that reads
each app's `*_visible_to(user)` selector, so a section lists only what the viewer may see, and a
section the viewer may see nothing of is left out ("not there" and "not yours" look the same)."""

from dataclasses import dataclass, field
from typing import Protocol

from layoffwatch.core.hooks import Hook

from .models import Enterprise


@dataclass(frozen=True)
class Row:
    href: str
    label: str
    detail: str = ""


@dataclass(frozen=True)
class Section:
    key: str  # the section's element id on the page
    title: str
    rows: list[Row] = field(default_factory=list)
    total: int = 0  # all the viewer may see; `rows` may hold the newest only
    more_href: str = ""  # the list with all of them, when there is one


class RelatedSections(Protocol):
    def __call__(self, *, user, enterprise: Enterprise) -> list[Section]: ...


# the enterprise page's sections, in registration order (enterprises.views.enterprise_detail)
enterprise_related: Hook[RelatedSections] = Hook()
