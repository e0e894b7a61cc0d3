import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from layoffwatch.core.clock import local_day
from layoffwatch.core.permissions import require
from layoffwatch.core.recorded import reasons_shown

from . import rules
from .forms import RevisionForm, TrialForm
from .loader import Policy, parameter_file, parameter_files
from .selectors import labelled_parameters, policy_in_force, policy_revisions
from .services import policy_revision_add
from .wording import path_label, policy_text, value_text, without_adr


def _history(policy: Policy, on: dt.date) -> list[dict]:
    """Every dated value of every file, named and said in words (wording.py), marked in force /
    to come on `on`."""
    in_force = {(k, p, s) for k, p, s, _v in policy.entries_in_force(on)}
    history = []
    for row in policy.history():
        label, unit = path_label(row["file"], row["path"])
        row["title"] = parameter_file(row["file"]).title
        row["label"] = label
        row["value_text"] = value_text(row["value"], unit)
        row["reference"] = without_adr(policy_text(row["reference"]))
        row["in_force"] = (row["file"], row["path"], row["start"]) in in_force
        row["future"] = row["start"] > on
        history.append(row)
    return history


def _level_rows(levels: dict) -> list[dict]:
    """The warning levels as ranges of a one-time cut (plan S3.2)."""
    brackets = [
        b for b in levels["brackets"] if b["threshold"] is not None and b["level"] is not None
    ]
    return [
        {
            "label": policy_text((levels["level_labels"] or {}).get(b["level"], b["level"])),
            "low": b["threshold"],
            "high": brackets[i + 1]["threshold"] - 1 if i + 1 < len(brackets) else None,
        }
        for i, b in enumerate(brackets)
    ]


def _on(request) -> dt.date:
    raw = request.GET.get("on", "")
    if raw:
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            messages.error(
                request,
                _("日期“%(raw)s”格式不对，应为 YYYY-MM-DD；显示今天施行的规则。")
                % {"raw": raw[:20]},
            )
    return local_day()


@require(lambda u: u.is_bureau, "只有局内工作人员可以查看政策参数")
def index(request):
    """The rules in force on a date (default today), their history, and a calculator."""
    on = _on(request)
    policy = policy_in_force()
    params = policy.at(on)
    trial, trial_form = None, TrialForm(request.GET if "cut" in request.GET else None)
    if trial_form.is_bound and trial_form.is_valid():
        data = trial_form.cleaned_data
        try:
            trial = rules.grade(
                cut=data["cut"],
                staff=data["staff"],
                dispatched=data["dispatched"] or 0,
                on=on,
                policy=policy,
            )
            # the reasons in the reader's language, the level by its name (ADR 0100)
            trial["reasons"] = reasons_shown(trial["reasons"], trial["reason_messages"])
            trial["level_label"] = policy_text(trial["level_label"])
        except rules.InvalidFact as exc:
            trial_form.add_error(exc.field if exc.field in trial_form.fields else None, exc.zh)
    context = {
        "active": "policy",
        "on": on,
        "version": policy.version(on),
        "p": params,
        "level_rows": _level_rows(params["alert_levels"]),
        "procedures": [
            rules.response_procedure(level, on=on, policy=policy) for level in (3, 2, 1)
        ],
        "tasks": rules.annex_tasks_for(1, on=on, include_standing=True, policy=policy).tasks,
        "measures": params["annex_tasks"]["measures"] or {},
        "report": rules.written_report_sections(on=on, policy=policy),
        "labelled": labelled_parameters(policy, on),
        "history": _history(policy, on),
        "revisions": policy_revisions(),
        "files": [
            {"entry": f, "current": policy.files[f.key], "tree": policy.files[f.key].tree}
            for f in parameter_files()
        ],
        "trial_form": trial_form,
        "trial": trial,
        "change_dates": policy.change_dates(),
    }
    return render(request, "policy/index.html", context)


@require(lambda u: u.is_bureau, "只有局内工作人员可以查看政策参数")
def file_detail(request, key: str):
    entry = parameter_file(key)
    if entry is None:
        raise Http404
    policy = policy_in_force()
    return render(
        request,
        "policy/file.html",
        {
            "active": "policy",
            "key": key,
            "title": entry.title,
            "entry": entry,
            "current": policy.files[key],
            "revisions": policy_revisions(key),
        },
    )


@require(lambda u: u.is_admin, "只有系统管理员可以修订政策参数")
def revision_new(request):
    """An administrator adds a dated version of one parameter file (ADR 0013)."""
    policy = policy_in_force()
    if request.method == "POST":
        form = RevisionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                revision = policy_revision_add(
                    actor=request.user,
                    file_key=data["file_key"],
                    yaml_text=data["yaml_text"],
                    effective_date=data["effective_date"],
                    note=data["note"],
                    request=request,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(
                    request,
                    _("已登记 %(file)s.yaml 的新版本，%(date)s 起施行。")
                    % {"file": revision.file_key, "date": revision.effective_date},
                )
                return redirect("policy:index")
    else:
        keys = [f.key for f in parameter_files()]
        key = request.GET.get("file", keys[0])
        key = key if key in keys else keys[0]
        form = RevisionForm(
            initial={
                "file_key": key,
                "yaml_text": policy.files[key].text,
                "effective_date": local_day() + dt.timedelta(days=1),
            }
        )
    return render(request, "policy/revision_form.html", {"active": "policy", "form": form})
