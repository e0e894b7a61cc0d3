"""Reads: the policy in force = bundled parameter files + the administrator's revisions."""

import threading

from .loader import Policy, PolicyError, bundled_policy, validate_text
from .models import PolicyRevision

# The last policy built, keyed by the bundled policy and the exact stored revisions (ids, texts,
# dates): an unchanged key means the same policy, so a call costs one small query instead of
# re-validating every revision, and the Policy object (with its memoised versions) is reused.
_built: dict = {}
_built_lock = threading.Lock()


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
    bundled = bundled_policy()
    rows = tuple(
        PolicyRevision.objects.order_by("file_key", "effective_date", "pk").values_list(
            "pk", "file_key", "yaml_text", "effective_date"
        )
    )
    key = (id(bundled), rows)
    with _built_lock:
        cached = _built.get("policy")
        if cached is not None and cached[0] == key:
            return cached[1]
    policy = bundled
    latest: dict[str, tuple] = {}
    for row in rows:
        latest[row[1]] = row
    for file_key, (pk, _key, text, effective) in latest.items():
        source = PolicyRevision(pk=pk, effective_date=effective).source
        try:
            policy = policy.with_file(file_key, text, source)
        except PolicyError:
            continue
    with _built_lock:
        _built["policy"] = (key, policy)
    return policy


def revision_problems() -> list:
    """Problems with stored revisions (for `layoffwatch policy check`)."""
    problems = []
    for revision in policy_revisions():
        _tree, found = validate_text(revision.file_key, revision.yaml_text)
        problems += found
    return problems
