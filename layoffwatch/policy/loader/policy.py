"""The parameter files in use as one policy: resolve on a date, identify the version, revise a
file without rewriting history (ADR 0010, 0013), load the bundled files of every registered app."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .files import PARAMETERS_DIR
from .problems import PolicyError, Problem
from .registry import parameter_file, registered_keys, validate_text
from .resolving import change_dates, dated_nodes, plain, resolve

FILESET = "tongnan"
BUNDLED = "随代码发布"


@dataclass(frozen=True)
class ParamFile:
    key: str
    text: str
    tree: dict
    source: str  # "随代码发布" (bundled) or "修订 #id（date 起施行）" (PolicyRevision.source)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


def _missing(key: str) -> Problem:
    return Problem(f"{key}.yaml", "", "缺少参数文件", "parameter file is missing")


class Policy:
    """The parameter files in use, resolvable on any date. Immutable; build a new one to revise."""

    def __init__(self, files: dict[str, ParamFile]):
        missing = [k for k in registered_keys() if k not in files]
        if missing:
            raise PolicyError([_missing(k) for k in missing])
        self.files = files
        self._cache: dict[dt.date, dict] = {}
        # why memoise: a Policy never changes after construction (with_file builds a new one), so
        # its version on a date is fixed; computing it hashes every dated entry (~1 ms).
        self._versions: dict[dt.date, str] = {}

    # -- reading
    def at(self, on: dt.date) -> dict:
        """Every parameter's value in force on `on`, as plain data ({file key: {…}})."""
        if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
            raise TypeError("on must be a datetime.date")
        if on not in self._cache:
            self._cache[on] = {k: resolve(f.tree, on) for k, f in self.files.items()}
        return self._cache[on]

    def entries_in_force(self, on: dt.date) -> list[tuple[str, str, dt.date, Any]]:
        rows = []
        for key, f in self.files.items():
            for path, dated in dated_nodes(f.tree):
                entry = dated.entry_at(on)
                if entry is not None:
                    rows.append((key, path, entry[0], entry[1]))
        return rows

    def version(self, on: dt.date) -> str:
        """`tongnan@<latest effective date in force>#<hash of the values in force>`.

        It depends only on the values in force on `on` in every registered file, so a revision
        effective later (which may not touch earlier values: ADR 0013) leaves the version of
        earlier dates unchanged.
        """
        if on not in self._versions:
            self._versions[on] = self._version(on)
        return self._versions[on]

    def _version(self, on: dt.date) -> str:
        rows = self.entries_in_force(on)
        if not rows:
            return f"{FILESET}@none"
        since = max(r[2] for r in rows)
        payload = json.dumps(
            sorted([k, p, s.isoformat(), plain(v)] for k, p, s, v in rows),
            ensure_ascii=False,
            sort_keys=True,
        )
        return f"{FILESET}@{since.isoformat()}#{hashlib.sha256(payload.encode()).hexdigest()[:12]}"

    def history(self, key: str | None = None) -> list[dict]:
        """Every dated value of every file: path, start, end (day before the next), value, reference."""
        rows = []
        for k, f in self.files.items():
            if key and k != key:
                continue
            for path, dated in dated_nodes(f.tree):
                for i, (start, value, ref) in enumerate(dated.entries):
                    nxt = dated.entries[i + 1][0] if i + 1 < len(dated.entries) else None
                    rows.append(
                        {
                            "file": k,
                            "path": path,
                            "start": start,
                            "end": nxt - dt.timedelta(days=1) if nxt else None,
                            "value": value,
                            "retired": value is None,
                            "reference": ref,
                        }
                    )
        return rows

    def change_dates(self) -> list[dt.date]:
        return sorted({d for f in self.files.values() for d in change_dates(f.tree)})

    # -- revising
    def with_file(self, key: str, text: str, source: str) -> Policy:
        tree, problems = validate_text(key, text)
        if problems:
            raise PolicyError(problems)
        files = dict(self.files)
        files[key] = ParamFile(key, text, tree, source)
        return Policy(files)


def _entries(tree: dict) -> dict[tuple[str, dt.date], tuple[Any, str]]:
    return {(path, s): (plain(v), r) for path, d in dated_nodes(tree) for s, v, r in d.entries}


def check_revision(
    policy: Policy,
    *,
    key: str,
    text: str,
    effective: dt.date,
    today: dt.date,
    pending: list[dt.date] = (),
) -> list[Problem]:
    """May `text` become the new version of file `key`, effective on `effective`? (ADR 0013)

    - it validates like a bundled file;
    - it is effective after `today` (what was graded stays graded by the rules of its day);
    - no other revision of the file is effective on or after that date (overlapping versions);
    - it changes nothing dated before `effective`, and its earliest change is on `effective`.
    """
    file = f"{key}.yaml"
    if parameter_file(key) is None:
        return [Problem(file, "", f"未知的参数文件 {key}", f"unknown parameter file {key}")]
    tree, problems = validate_text(key, text)
    if effective <= today:
        problems.append(
            Problem(
                file,
                "effective_date",
                f"生效日期须晚于今天（{today}），已施行的规则不能追溯修改",
                f"the effective date must be after today ({today}); rules in force cannot be changed retroactively",
            )
        )
    clash = sorted(d for d in pending if d >= effective)
    if clash:
        problems.append(
            Problem(
                file,
                "effective_date",
                f"与已登记的 {clash[-1]} 生效版本重叠；新版本的生效日期须晚于它",
                f"overlaps the version registered for {clash[-1]}; the new version must take effect after it",
            )
        )
    if tree is None:
        return problems
    return problems + _change_problems(file, policy.files[key].tree, tree, effective)


def _change_problems(
    file: str, old_tree: dict, new_tree: dict, effective: dt.date
) -> list[Problem]:
    """History is fixed: nothing dated before `effective` changes, and the first change is on it."""
    old, new = _entries(old_tree), _entries(new_tree)
    changed = sorted(
        {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}, key=lambda k: (k[1], k[0])
    )
    early = [k for k in changed if k[1] < effective]
    problems = [
        Problem(
            file,
            f"{path}.{start}",
            f"改动了 {effective} 之前的取值；历史取值不能修改，请新增一个 {effective} 或以后生效的取值",
            f"changes a value dated before {effective}; history is fixed, add a value dated {effective} or later",
        )
        for path, start in early[:5]
    ]
    if not changed:
        problems.append(
            Problem(
                file,
                "",
                "与现行版本相同，没有任何改动",
                "identical to the version in use: nothing changes",
            )
        )
    elif not early and changed[0][1] != effective:
        problems.append(
            Problem(
                file,
                "effective_date",
                f"最早的改动日期是 {changed[0][1]}，与填写的生效日期 {effective} 不一致",
                f"the earliest change is dated {changed[0][1]}, not the stated effective date {effective}",
            )
        )
    return problems


def _bundled_path(key: str, directory: Path) -> Path:
    """`directory/<key>.yaml`; an app's file that `directory` does not hold is read where the app
    keeps it (so `policy check --parameters DIR` checks a draft of the policy's own folder)."""
    entry = parameter_file(key)
    candidate = directory / entry.filename
    if candidate.exists() or entry.path.parent == PARAMETERS_DIR:
        return candidate
    return entry.path


def read_bundled(directory: Path = PARAMETERS_DIR) -> dict[str, str]:
    """The text of every registered file that exists, by key."""
    paths = {key: _bundled_path(key, directory) for key in registered_keys()}
    return {key: p.read_text(encoding="utf-8") for key, p in paths.items() if p.exists()}


def load_directory(directory: Path = PARAMETERS_DIR) -> tuple[Policy | None, list[Problem]]:
    """Validate every registered file (the policy's own from `directory`); returns the policy (or
    None) and all problems found."""
    texts = read_bundled(directory)
    problems = [_missing(k) for k in registered_keys() if k not in texts]
    files = {}
    for key, text in texts.items():
        tree, found = validate_text(key, text)
        problems += found
        if tree is not None:
            files[key] = ParamFile(key, text, tree, BUNDLED)
    extra = sorted(p.stem for p in directory.glob("*.yaml") if parameter_file(p.stem) is None)
    problems += [
        Problem(
            f"{k}.yaml",
            "",
            "不认识的参数文件（文件名拼错？）",
            "unknown parameter file (misspelt name?)",
        )
        for k in extra
    ]
    if problems:
        return None, problems
    return Policy(files), []


def bundled_policy() -> Policy:
    """The parameter files shipped with the code (no administrator revisions)."""
    return _bundled(registered_keys())


@lru_cache(maxsize=2)
def _bundled(keys: tuple[str, ...]) -> Policy:
    # why keyed by the registered files: a policy built before an app registered its file (while
    # Django was still loading) must not be the one used afterwards.
    policy, problems = load_directory(PARAMETERS_DIR)
    if problems:
        raise PolicyError(problems)
    return policy
