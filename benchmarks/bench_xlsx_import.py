"""Monitoring XLSX import: time and peak memory of a 600,000-row social-insurance XLSX (ADR 0081).

Run: `.venv/bin/python benchmarks/bench_xlsx_import.py [ROWS] [--code DIR] [--bad-header]
[--shared-strings]` (default 600_000 rows; `--bad-header` misnames the second column, which must be
refused; `--shared-strings` writes the file as Excel saves it: texts in a shared-strings table and
the used range stated, where openpyxl's write-only mode writes each text in its cell and no range).
`--code DIR` measures another checkout's `layoffwatch` (e.g. `git archive <rev> layoffwatch | tar
-x -C DIR`), for the before/after numbers in benchmarks/README.md. Not part of CI.

1. write the file with openpyxl's write-only mode (one sheet, the feed's Chinese header), or
   `--shared-strings`: by hand, as Excel lays it out;
2. import it with the real importer (`importing.convert`: header, checks, keyed hash, Parquet) in a
   fresh child process, so that its peak RSS (ru_maxrss) is the import's own.
Prints one JSON object per measured code tree.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["身份证号", "单位统一社会信用代码", "缴费月份", "缴费基数", "增减变动", "变动原因"]
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def person_id(i: int) -> str:
    born = dt.date(1970, 1, 1) + dt.timedelta(days=i // 1000)
    body = f"500223{born:%Y%m%d}{i % 1000:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def uscc(n: int) -> str:
    body = f"91500152MC{n:07d}"
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


def make_file(path: Path, rows: int, *, bad_header: bool = False) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([HEADER[0], "单位名称", *HEADER[2:]] if bad_header else HEADER)
    employers = [uscc(n) for n in range(1, 201)]
    for i in range(rows):
        ws.append([person_id(i), employers[i % 200], "2026-02", 4500 + i % 3000, None, None])
    wb.save(path)


def make_excel_like_file(path: Path, rows: int, *, bad_header: bool = False) -> None:
    """The same sheet as Excel saves it: every text once in xl/sharedStrings.xml (the header's
    first), cells referring to it by index (t="s"), the used range in <dimension>."""
    import zipfile
    from xml.sax.saxutils import escape

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    header = [HEADER[0], "单位名称", *HEADER[2:]] if bad_header else HEADER
    employers = [uscc(n) for n in range(1, 201)]
    strings = [*header, *employers, "2026-02"]
    index = {s: i for i, s in enumerate(strings)}

    def cell(ref: str, text: str) -> str:
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return f'<c r="{ref}" t="s"><v>{index[text]}</v></c>'

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
            "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{pkg}">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(
                f'<worksheet xmlns="{main}"><dimension ref="A1:F{rows + 1}"/><sheetData>'
                '<row r="1">'.encode()
            )
            f.write(
                "".join(cell(f"{c}1", h) for c, h in zip("ABCDEF", header, strict=True)).encode()
            )
            f.write(b"</row>")
            for i in range(rows):
                n = i + 2
                f.write(
                    (
                        f'<row r="{n}">{cell(f"A{n}", person_id(i))}'
                        f"{cell(f'B{n}', employers[i % 200])}{cell(f'C{n}', '2026-02')}"
                        f'<c r="D{n}"><v>{4500 + i % 3000}</v></c></row>'
                    ).encode()
                )
            f.write(b"</sheetData></worksheet>")
        with z.open("xl/sharedStrings.xml", "w") as f:
            f.write(f'<sst xmlns="{main}" uniqueCount="{len(strings)}">'.encode())
            for text in strings:
                f.write(f"<si><t>{escape(text)}</t></si>".encode())
            f.write(b"</sst>")


def measure(path: Path) -> dict:
    """In the child: one import of `path`; seconds and peak RSS."""
    import resource
    import time

    import django

    django.setup()
    from layoffwatch.monitoring import importing
    from layoffwatch.monitoring.sources import SOURCES
    from layoffwatch.reference.models import Industry, Town  # noqa: F401 — app registry loaded

    towns = ["500152001000"]
    industries = ["C"]
    kwargs = {}
    if "max_xlsx_rows" in importing.convert.__code__.co_varnames:
        kwargs["max_xlsx_rows"] = 1_000_000
    t0 = time.perf_counter()
    try:
        converted = importing.convert(
            source=SOURCES["social_insurance"],
            path=path,
            period="2026-02",
            max_bytes=2**30,
            max_xlsx_bytes=50 * 2**20,
            towns=towns,
            industries=industries,
            **kwargs,
        )
    except importing.ImportRejected as exc:
        outcome = {"refused": str(exc.problems[0])}
    else:
        converted.temp.unlink(missing_ok=True)
        outcome = {"rows_read": converted.rows_read}
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return outcome | {"seconds": round(seconds, 2), "peak_mib": peak >> 20}


def run(path: Path, code: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(code), DJANGO_SETTINGS_MODULE="layoffwatch.settings")
    env.setdefault("LAYOFFWATCH_DATA_DIR", tempfile.mkdtemp(prefix="lw-xlsx-bench-"))
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(path)],
        env=env,
        cwd=code,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        print(json.dumps(measure(Path(argv[1]))))
        return
    code = ROOT
    if "--code" in argv:
        at = argv.index("--code")
        code = Path(argv[at + 1]).resolve()
        del argv[at : at + 2]
    bad_header = "--bad-header" in argv
    shared_strings = "--shared-strings" in argv
    argv = [a for a in argv if a not in ("--bad-header", "--shared-strings")]
    rows = int(argv[0]) if argv else 600_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "social_insurance.xlsx"
        make = make_excel_like_file if shared_strings else make_file
        make(path, rows, bad_header=bad_header)
        result = run(path, code)
        result |= {
            "bad_header": bad_header,
            "shared_strings": shared_strings,
            "rows": rows,
            "file_mib": round(path.stat().st_size / 2**20, 1),
            "code": str(code),
        }
        print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
