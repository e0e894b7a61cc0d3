"""Who did it, for the signal's history and the audit log: a signed-in user, or the system (a
feed, a queued job)."""


def actor_label(actor) -> str:
    return str(actor)[:80] if getattr(actor, "is_authenticated", False) else "系统"


def signed_in(actor):
    """The actor if a user is signed in, else None (the audit entry then names the system)."""
    return actor if getattr(actor, "is_authenticated", False) else None
