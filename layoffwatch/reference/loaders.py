"""Load the bundled reference data (data/*.csv, see data/PROVENANCE.md). Idempotent."""

import csv
from pathlib import Path

DATA = Path(__file__).parent / "data"


def load_towns(Town) -> int:
    rows = list(csv.DictReader((DATA / "towns.csv").open(encoding="utf-8-sig")))
    for row in rows:
        Town.objects.update_or_create(
            code=row["stat_code_12"], defaults={"name": row["name"], "kind": row["type"]}
        )
    return len(rows)


def load_industries(Industry) -> int:
    top = list(
        csv.DictReader((DATA / "industry_sections_divisions.csv").open(encoding="utf-8-sig"))
    )
    classes = list(csv.DictReader((DATA / "industry_classes.csv").open(encoding="utf-8-sig")))
    existing = set(Industry.objects.values_list("code", flat=True))
    divisions = {}
    new = []
    for row in top:
        divisions[row["code"]] = row
        if row["code"] in existing:
            continue
        new.append(
            Industry(
                code=row["code"],
                name=row["name"],
                level=row["level"],
                parent_id=row["parent"] or None,
                section=row["code"] if row["level"] == "section" else row["parent"],
                labour_intensive=row["labour_intensive"] == "1",
            )
        )
    Industry.objects.bulk_create(new)  # sections before divisions: file order
    new = []
    groups = sorted({r["group_3digit"] for r in classes})
    for group in groups:
        if group in existing:
            continue
        div = divisions[group[:2]]
        new.append(
            Industry(
                code=group,
                name=f"{div['name']}（中类 {group}）",
                level="group",
                parent_id=group[:2],
                section=div["parent"],
                labour_intensive=div["labour_intensive"] == "1",
                name_is_official=False,
            )
        )
    Industry.objects.bulk_create(new)
    new = []
    for row in classes:
        if row["code_2017"] in existing:
            continue
        div = divisions[row["division_2digit"]]
        new.append(
            Industry(
                code=row["code_2017"],
                name=row["name_2017_as_extracted"],
                level="class",
                parent_id=row["group_3digit"],
                section=div["parent"],
                labour_intensive=div["labour_intensive"] == "1",
                name_is_official=row["name_maybe_truncated"] != "1",
            )
        )
    Industry.objects.bulk_create(new)
    return Industry.objects.count()


def ensure_reference_data() -> None:
    """Reload towns, industries and sections if a flush emptied them (transactional tests)."""
    # why here: migration 0002 imports this module and must load through the historical models
    # it passes in; only this function, for tests, reads the real ones
    from layoffwatch.accounts.models import Section
    from layoffwatch.accounts.sections import SECTIONS

    from .models import Industry, Town

    if not Town.objects.exists():
        load_towns(Town)
    if not Industry.objects.exists():
        load_industries(Industry)
    if not Section.objects.exists():
        for code, name, kind, order in SECTIONS:
            Section.objects.create(code=code, name=name, kind=kind, order=order)
