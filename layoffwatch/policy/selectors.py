"""Reads: the policy in force = bundled parameter files + the administrator's revisions."""

from .loader import Policy, PolicyError, bundled_policy, validate_text
from .models import PolicyRevision


def policy_revisions(file_key: str | None = None):
    qs = PolicyRevision.objects.select_related("author").order_by(
        "file_key", "effective_date", "pk"
    )
    return qs.filter(file_key=file_key) if file_key else qs


def policy_in_force() -> Policy:
    """The policy to grade with: for each file, its newest revision if any, else the bundled file.

    Each revision was validated against its predecessor when it was added (services.py), so the
    newest one carries the whole history of its file. A stored revision that no longer validates
    (e.g. after a release changed the file's schema) is skipped and `policy check` reports it.
    """
    policy = bundled_policy()
    latest: dict[str, PolicyRevision] = {}
    for revision in policy_revisions():
        latest[revision.file_key] = revision
    for key, revision in latest.items():
        try:
            policy = policy.with_file(key, revision.yaml_text, revision.source)
        except PolicyError:
            continue
    return policy


def revision_problems() -> list:
    """Problems with stored revisions (for `layoffwatch policy check`)."""
    problems = []
    for revision in policy_revisions():
        _tree, found = validate_text(revision.file_key, revision.yaml_text)
        problems += found
    return problems
