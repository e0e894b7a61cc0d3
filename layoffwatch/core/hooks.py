"""A hook: how a lower app lets the apps later in the flow react to it without importing them
(ADR 0088, docs/architecture.md rule 2). The lower app declares a `Hook[SomeProtocol]`; a later
app registers a handler from its `AppConfig.ready()`; the lower app runs `hook.handlers`."""

from typing import Generic, TypeVar

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
