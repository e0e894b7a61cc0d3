"""Feed files uploaded on the import page, imported on the queue (plan S3.1.3; ADR 0097).

An insurance agency's quarter or half year takes longer to check than a page request may wait,
so the page stages the file in the lake's work folder (`lake.upload_dir`: never backed up,
readable by the service only), queues `tasks.import_uploaded_feed` and shows the job, which the
task keeps in `state.json` beside the file:

- "queued", then "running" with its progress (rows read, months written: `importing.Progress`);
- "done" (each month's rows, and what it replaced), "rejected" (the problems, by row and
  column: nothing written), "failed" (an error: the message);
- "confirm": the file would replace months the lake holds. Nothing was written; the page lists
  each month (rows before → rows after, or a new month) and the user confirms — the file is
  imported again with `replace`, refused if the lake changed meanwhile — or cancels.

The staged file is removed when the job ends (kept while it waits for a confirmation; a day at
most, `lake.sweep_incoming`); the state stays for the page until then. Only the user who
uploaded a file sees its job.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
import uuid
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from layoffwatch.audit.services import refusal_message
from layoffwatch.core.recorded import recorded

from .. import importing, lake
from .feed_imports import MonthChange, MonthsExist, feed_import

STATE = "state.json"
TOKEN = re.compile(r"[0-9a-f]{32}")
# the running job writes its progress at most this often (the page asks every second)
PROGRESS_SAVE_SECONDS = 0.5
# a job in one of these states has not ended: the page keeps asking
WAITING = ("queued", "running")
NOT_WAITING = gettext_lazy("这次导入不在等待确认（可能已确认、已取消或已超过一天）")


def feed_upload_stage(*, upload, kind: str, period: str | None, actor) -> str:
    """Stage an uploaded file (Django's UploadedFile) for the queue and queue its import; the
    job's token, for the page to follow it."""
    token = uuid.uuid4().hex
    folder = lake.upload_dir(token)
    folder.mkdir(mode=0o700)
    staged = folder / f"upload{Path(upload.name).suffix.lower()}"
    with open(os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    _save(
        token,
        {
            "status": "queued",
            "kind": kind,
            "period": period or None,
            "file_name": upload.name[:255],
            "file": staged.name,
            "actor": actor.pk,
            "at": timezone.now().isoformat(),
        },
    )
    _enqueue(token)
    return token


def feed_upload_state(token: str, actor) -> dict | None:
    """The job as the page shows it, or None (no such job, or another user's)."""
    if not TOKEN.fullmatch(token or ""):
        return None
    state = _load(token)
    if state is None or state.get("actor") != getattr(actor, "pk", None):
        return None
    return {**state, "token": token, "waiting": state["status"] in WAITING}


def feed_upload_confirm(*, token: str, actor) -> None:
    """The user confirmed the months the file replaces: import it again, replacing them, unless
    the lake has changed since (then the page asks again)."""
    state = feed_upload_state(token, actor)
    if state is None or state["status"] != "confirm":
        raise ValidationError(NOT_WAITING)
    if not (lake.upload_dir(token) / state["file"]).exists():
        raise ValidationError(gettext_lazy("上传的文件已超过一天未确认，已删除：请重新上传"))
    state = _load(token)
    state.update(status="queued", replace=True, confirmed=state["changes"])
    state.pop("progress", None)
    _save(token, state)
    _enqueue(token)


def feed_upload_cancel(*, token: str, actor) -> None:
    """The user does not replace the months: the staged file and the job are removed."""
    state = feed_upload_state(token, actor)
    if state is None or state["status"] != "confirm":
        raise ValidationError(NOT_WAITING)
    shutil.rmtree(lake.upload_dir(token), ignore_errors=True)


def feed_upload_run(token: str) -> str:
    """The queue's side: import a staged file (`tasks.import_uploaded_feed`). Returns the job's
    final status ("gone" if the job is no longer there, or not queued)."""
    state = _load(token) if TOKEN.fullmatch(token or "") else None
    if state is None or state["status"] != "queued":
        return "gone"
    state["status"] = "running"
    _save(token, state)
    job = _Job(token, state)
    try:
        job.finish(_import(state, progress=job.report))
    except Exception as exc:
        said = recorded(N_("导入出错：%(error)s。请稍后重试或联系管理员"), error=str(exc))
        job.finish({"status": "failed", "message": said.text, "said": said.message})
        raise
    finally:
        if job.state["status"] != "confirm":
            (lake.upload_dir(token) / state["file"]).unlink(missing_ok=True)
    return job.state["status"]


def _import(state: dict, *, progress) -> dict:
    """Run the import a job describes: its final state."""
    confirmed = state.get("confirmed")
    try:
        result = feed_import(
            kind=state["kind"],
            path=lake.upload_dir(state["token"]) / state["file"],
            period=state.get("period"),
            actor=get_user_model().objects.filter(pk=state["actor"]).first(),
            file_name=state["file_name"],
            replace=bool(state.get("replace")),
            confirmed=[MonthChange.from_dict(c) for c in confirmed] if confirmed else None,
            progress=progress,
        )
    except importing.ImportRejected as exc:
        return {
            "status": "rejected",
            "problems": [p.as_dict() for p in exc.problems],
            "total": exc.total,
            "more": exc.total - len(exc.problems),
        }
    except MonthsExist as exc:
        return {
            "status": "confirm",
            "changes": [c.as_dict() for c in exc.changes],
            "changed_since": confirmed is not None,
            "replace": False,
            "confirmed": None,
        }
    except ValidationError as exc:
        return {"status": "failed", "message": refusal_message(exc)}
    changes = {c.period: c for c in result.changes}
    return {
        "status": "done",
        "months": [
            {
                "period": r.period,
                "rows": r.rows_kept,
                "imported": r.status == r.Status.IMPORTED,
                "rows_before": changes[r.period].rows_before,
                "problems": r.problems,
            }
            for r in result.runs
        ],
        "registered": result.registered,
    }


class _Job:
    """A running job's state: progress saved at most every PROGRESS_SAVE_SECONDS (the progress
    may come from the conversion's helper thread), then the final state, after which no
    progress is saved."""

    def __init__(self, token: str, state: dict):
        self.token = token
        self.state = {**state, "token": token}
        self.lock = threading.Lock()
        self.saved = 0.0
        self.ended = False

    def report(self, progress: importing.Progress) -> None:
        now = time.monotonic()
        with self.lock:
            if self.ended or (progress.step == "read" and now - self.saved < PROGRESS_SAVE_SECONDS):
                return
            self.saved = now
            self.state["progress"] = {
                "step": progress.step,
                "rows": progress.rows,
                "percent": None if progress.percent is None else int(progress.percent),
                "months": [p for p, _rows in progress.months],
                "written": progress.written,
                "text": str(progress),
            }
            _save(self.token, self.state)

    def finish(self, final: dict) -> None:
        with self.lock:
            if self.ended:
                return
            self.ended = True
            self.state.pop("progress", None)
            self.state.update(final)
            _save(self.token, self.state)


def _enqueue(token: str) -> None:
    # why here: a real cycle — the queue's tasks (tasks.py) import this module to run the job
    from ..tasks import import_uploaded_feed

    import_uploaded_feed(token)


def _load(token: str) -> dict | None:
    try:
        state = json.loads((lake.upload_dir(token) / STATE).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return {**state, "token": token}


def _save(token: str, state: dict) -> None:
    """Write the job's state whole (a temp file renamed over it: the page never reads half)."""
    folder = lake.upload_dir(token)
    temp = folder / f".{STATE}.{uuid.uuid4().hex}"
    temp.write_text(json.dumps({k: v for k, v in state.items() if k != "token"}))
    os.replace(temp, folder / STATE)
