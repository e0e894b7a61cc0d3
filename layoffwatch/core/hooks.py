"""A hook: how a lower app lets the apps later in the flow react to it without importing them
(ADR 0088, docs/architecture.md rule 2). The lower app declares a `Hook[SomeProtocol]`; a later
app registers a handler from its `AppConfig.ready()`; the lower app runs `hook.handlers`.

Core's own hooks are declared at the end of this file (ADR 0093): core sits at the bottom of the
layers and imports no app, so what it needs from above is registered here by the app it needs.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from django.db import models

H = TypeVar("H")


class Hook(Generic[H]):
    """Handlers of one kind, run in the order they were registered."""

    def __init__(self) -> None:
        self._handlers: list[H] = []

    def register(self, handler: H) -> H:
        """Add `handler` once (Django may run an app's ready() twice in some tests)."""
        if handler not in self._handlers:
            self._handlers.append(handler)
        return handler

    @property
    def handlers(self) -> tuple[H, ...]:
        return tuple(self._handlers)


# -- core's hooks (ADR 0093) -----------------------------------------------------------------------


class Denied(Protocol):
    """`core.permissions.deny` / `deny_not_found` refused a page to `request.user` (ADR 0002):
    record it. `audit` registers the handler that writes the "denied" entry."""

    def __call__(self, *, request, summary: str) -> object: ...


@dataclass(frozen=True)
class StartupWork:
    """Work an app does before `layoffwatch serve` starts the web and the queue (ADR 0080), e.g.
    finishing what a crash interrupted (ADR 0087). `run()` returns how many things it did; when
    that is not 0, `done` is printed with `{n}` filled in."""

    run: Callable[[], int]
    done: str


# a page refusal, recorded by audit (core.permissions)
on_denied: Hook[Denied] = Hook()
# run in registration order by `layoffwatch serve` after its migration check
before_serving: Hook[StartupWork] = Hook()
# models whose rows mean that an installation holds data: `layoffwatch restore` refuses to
# overwrite it without --force (core.backup); each app registers its own
in_use_models: Hook[type[models.Model]] = Hook()
