"""The vacancy import template (用工需求, XLSX) and its reader (plan S4.3: enterprises' demand)."""

import datetime as dt
import io

from django.core.exceptions import ValidationError
from openpyxl import Workbook
from openpyxl.styles import Font

from layoffwatch.enterprises.importing import ImportRejected, _open_rows
from layoffwatch.enterprises.selectors import enterprise_visible_to
from layoffwatch.enterprises.spreadsheet import cell_text
from layoffwatch.reference.models import Town

SHEET = "用工需求"
HEADERS = {
    "统一社会信用代码": "uscc",
    "岗位/工种": "occupation",
    "招聘人数": "count",
    "工作地点（镇街）": "town",
    "月薪下限": "wage_min",
    "月薪上限": "wage_max",
    "技能要求": "skills",
    "其他要求": "requirements",
    "有效期至": "valid_until",
    "零工用工天数": "gig_days",
}
REQUIRED = ["统一社会信用代码", "岗位/工种", "招聘人数", "工作地点（镇街）", "有效期至"]
MAX_ROWS = 2000


def template_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.append(["（示例，请删除）", "普工", 10, "桂林街道", 3500, 4500, "", "", "2026-12-31", ""])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _int(text: str, label: str, bad: list) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        bad.append(f"{label}应为整数")
        return None


def _header(data: bytes):
    """The rows after the header, and each known column's position; refused as a whole when the
    file cannot be read or a required column is missing."""
    try:
        rows = _open_rows(data)
        header = [cell_text(h) for h in next(rows, None) or ()]
    except ImportRejected as exc:
        raise ValidationError({"file": [p.message for p in exc.problems]})
    index = {h: i for i, h in enumerate(header) if h in HEADERS}
    missing = [h for h in REQUIRED if h not in index]
    if missing:
        raise ValidationError({"file": [f"缺少列：{'、'.join(missing)}（请使用导入模板）"]})
    return rows, index


def _vacancy_row(v: dict, *, visible, towns: dict) -> tuple[object, dict, list[str]]:
    """One row's enterprise and fields, and its problems (empty when the row is good)."""
    bad: list[str] = []
    enterprise = visible.filter(uscc=v["uscc"].upper()).first()
    if enterprise is None:
        bad.append(f"统一社会信用代码 {v['uscc']} 不在企业名录或不在您的数据权限范围内")
    town = towns.get(v["town"])
    if town is None:
        bad.append(f"镇街“{v['town']}”不存在")
    try:
        valid_until = dt.date.fromisoformat(v["valid_until"][:10])
    except ValueError:
        bad.append("有效期至应为 YYYY-MM-DD")
        valid_until = None
    fields = {
        "occupation": v["occupation"],
        "count": _int(v["count"], "招聘人数", bad),
        "town": town,
        "wage_min": _int(v.get("wage_min", ""), "月薪下限", bad),
        "wage_max": _int(v.get("wage_max", ""), "月薪上限", bad),
        "skills": v.get("skills", ""),
        "requirements": v.get("requirements", ""),
        "valid_until": valid_until,
        "gig_days": _int(v.get("gig_days", ""), "零工用工天数", bad),
    }
    fields["is_gig"] = bool(fields["gig_days"])
    if not v["occupation"]:
        bad.append("岗位/工种不能为空")
    return enterprise, fields, bad


def parse_vacancies(data: bytes, *, user, on: dt.date) -> list[tuple[int, object, dict]]:
    """[(row number, enterprise, fields)], or ValidationError on `file` listing every problem."""
    rows, index = _header(data)
    towns = {t.name: t for t in Town.objects.all()}
    visible = enterprise_visible_to(user)
    out, problems = [], []
    for number, row in enumerate(rows, start=2):
        v = {HEADERS[h]: cell_text(row[i] if i < len(row) else None) for h, i in index.items()}
        if not any(v.values()) or v.get("uscc", "").startswith("（示例"):
            continue
        if len(out) + len(problems) >= MAX_ROWS:
            raise ValidationError({"file": [f"超过 {MAX_ROWS} 行，请分批导入"]})
        enterprise, fields, bad = _vacancy_row(v, visible=visible, towns=towns)
        if bad:
            problems += [f"第 {number} 行：{m}" for m in bad]
        else:
            out.append((number, enterprise, fields))
    if problems:
        raise ValidationError({"file": problems[:50]})
    if not out:
        raise ValidationError({"file": ["表格中没有数据行"]})
    return out
