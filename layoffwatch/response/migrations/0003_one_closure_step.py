"""plan S6.2, ADR 0053/0054: a case has one written report, so one step counted from closure.

A case escalated before this change holds the closure step (处置结束后书面报送) once per level.
This keeps the copy of the case's highest level (its lowest level number), moves onto it the
filings, the completion and the note of the other copies, then removes them: nothing recorded is
lost.
"""

from django.db import migrations


def merge(apps, schema_editor):
    CaseStep = apps.get_model("response", "CaseStep")
    Filing = apps.get_model("response", "Filing")
    groups: dict[tuple[int, str], list] = {}
    for step in CaseStep.objects.order_by("case_id", "level", "pk"):
        if isinstance(step.deadline, dict) and step.deadline.get("from") == "closure":
            groups.setdefault((step.case_id, step.key), []).append(step)
    for steps in groups.values():
        if len(steps) < 2:
            continue
        keep, *others = steps
        notes = [keep.note] if keep.note else []
        for other in others:
            Filing.objects.filter(step=other).update(step=keep)
            if keep.done_at is None and other.done_at is not None:
                keep.done_at, keep.done_by_id = other.done_at, other.done_by_id
            if other.note and other.note not in notes:
                notes.append(other.note)
            if not keep.attachment and other.attachment:
                keep.attachment = other.attachment
            keep.escalation = max(keep.escalation, other.escalation)
            keep.escalated_at = keep.escalated_at or other.escalated_at
        keep.note = "\n".join(notes)
        keep.save()
        CaseStep.objects.filter(pk__in=[o.pk for o in others]).delete()


class Migration(migrations.Migration):
    dependencies = [("response", "0002_unfinished_reason")]

    operations = [migrations.RunPython(merge, migrations.RunPython.noop)]
