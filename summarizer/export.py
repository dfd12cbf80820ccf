"""Briefings as spreadsheet rows: one table per list (goals, key projects, indicators, bodies).

Pure row building (`list_rows`) shared by the CSV and the xlsx writers, so both hold the same cells.
Cells come from document text, so a cell that a spreadsheet would run as a formula (=, +, -, @ first)
is neutralized: in CSV with a leading apostrophe, in xlsx by typing the cell as a string.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .models import Briefing, Evidence, Value, YearValue

LISTS = ("goals", "key_projects", "indicators", "responsible_bodies", "results")
Row = dict[str, Any]

_DOCUMENT_COLUMNS = ("document", "file")
_EVIDENCE_COLUMNS = ("quote", "start", "end", "section", "page")
COLUMNS: dict[str, tuple[str, ...]] = {
    "goals": (*_DOCUMENT_COLUMNS, "id", "statement", "horizon_year", "domain", "indicator_ids", *_EVIDENCE_COLUMNS),
    "key_projects": (
        *_DOCUMENT_COLUMNS,
        "id",
        "name",
        "sector",
        "location",
        "investment",
        "investment_number",
        "investment_unit",
        "period",
        "status",
        "responsible_body",
        *_EVIDENCE_COLUMNS,
    ),
    "indicators": (
        *_DOCUMENT_COLUMNS,
        "id",
        "name",
        "canonical",
        "category",
        "unit",
        "baseline_year",
        "baseline_value",
        "baseline_number",
        "target_year",
        "target_value",
        "target_number",
        "target_unit",
        "achieved_year",
        "achieved_value",
        "annual_growth",
        "qualifier",
        "attribute",
        "table",
        *_EVIDENCE_COLUMNS,
    ),
    "responsible_bodies": (
        *_DOCUMENT_COLUMNS,
        "id",
        "name",
        "canonical_name",
        "level",
        "role",
        "person",
        "post",
        "responsibility",
        *_EVIDENCE_COLUMNS,
    ),
    "results": (
        *_DOCUMENT_COLUMNS,
        "id",
        "name",
        "canonical",
        "year",
        "value",
        "number",
        "unit",
        "low",
        "high",
        "qualifier",
        *_EVIDENCE_COLUMNS,
    ),
}


def _evidence(ev: Evidence) -> Row:
    return {"quote": ev.quote, "start": ev.start, "end": ev.end, "section": ev.section, "page": ev.page}


def _text(v: Value | None) -> str | None:
    return v.text if v else None


def _year_value(prefix: str, yv: YearValue | None) -> Row:
    return {f"{prefix}_year": yv.year if yv else None, f"{prefix}_value": yv.value.text if yv else None}


def list_rows(briefings: Iterable[tuple[str, Briefing]], which: str) -> list[Row]:
    """The rows of one list (a key of COLUMNS) over all briefings, each keyed by COLUMNS[which], in order."""
    rows: list[Row] = []
    for file, briefing in briefings:
        doc = {"document": briefing.document.heading, "file": file}
        for item in getattr(briefing, which):
            if which == "goals":
                fields: Row = {
                    "id": item.id,
                    "statement": item.statement,
                    "horizon_year": item.horizon_year,
                    "domain": item.domain,
                    "indicator_ids": ", ".join(item.indicator_ids) or None,
                }
            elif which == "key_projects":
                fields = {
                    "id": item.id,
                    "name": item.name,
                    "sector": item.sector,
                    "location": item.location,
                    "investment": _text(item.investment),
                    "investment_number": item.investment.number if item.investment else None,
                    "investment_unit": item.investment.unit if item.investment else None,
                    "period": item.period,
                    "status": item.status,
                    "responsible_body": item.responsible_body,
                }
            elif which == "indicators":
                fields = {
                    "id": item.id,
                    "name": item.name,
                    "canonical": item.canonical,
                    "category": item.category,
                    "unit": item.unit,
                    **_year_value("baseline", item.baseline),
                    "baseline_number": item.baseline.value.number if item.baseline else None,
                    **_year_value("target", item.target),
                    "target_number": item.target.value.number if item.target else None,
                    "target_unit": item.target.value.unit if item.target else None,
                    **_year_value("achieved", item.achieved),
                    "annual_growth": _text(item.annual_growth),
                    "qualifier": item.qualifier,
                    "attribute": item.attribute,
                    "table": item.table,
                }
            elif which == "responsible_bodies":
                fields = {
                    "id": item.id,
                    "name": item.name,
                    "canonical_name": item.canonical_name,
                    "level": item.level,
                    "role": item.role,
                    "person": item.person,
                    "post": item.post,
                    "responsibility": item.responsibility,
                }
            elif which == "results":
                v = item.value
                fields = {
                    "id": item.id,
                    "name": item.name,
                    "canonical": item.canonical,
                    "year": item.year,
                    "value": v.text,
                    "number": v.number,
                    "unit": v.unit,
                    "low": v.low,
                    "high": v.high,
                    "qualifier": v.qualifier,
                }
            else:
                raise ValueError(f"no list {which!r}; the lists are {', '.join(LISTS)}")
            row = doc | fields | _evidence(item.evidence)
            rows.append({column: row.get(column) for column in COLUMNS[which]})
    return rows


# --- spreadsheet injection --------------------------------------------------------------------------------------------

# What a spreadsheet may read as the start of a formula (OWASP "CSV injection"); tab and CR as well.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain signed number or percentage ("-5%", "+3.2") is read by a spreadsheet as a number, never run:
# it is left as written, so a document's "-5%" stays readable.
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?%?")


def is_formula_like(value: object) -> bool:
    """True for text a spreadsheet would run as a formula: it starts with =, +, -, @, tab or CR
    and is not a plain signed number."""
    return isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value)


def csv_cell(value: object) -> object:
    """A CSV cell: formula-like text gets a leading apostrophe, which spreadsheets show and never run."""
    if value is None:
        return ""
    return f"'{value}" if is_formula_like(value) else value


def write_csv(path: Path, rows: list[Row], columns: Iterable[str]) -> None:
    """The rows as CSV in UTF-8 with a BOM: without it Excel reads the file as the local code page and
    Chinese text comes out garbled."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        header = list(columns)
        writer.writerow(header)
        for row in rows:
            writer.writerow([csv_cell(row.get(column)) for column in header])


def write_csv_folder(folder: Path, briefings: list[tuple[str, Briefing]]) -> list[Path]:
    """One CSV file per list in `folder` (goals.csv, key_projects.csv, indicators.csv, responsible_bodies.csv,
    results.csv)."""
    written = []
    for which in LISTS:
        path = folder / f"{which}.csv"
        write_csv(path, list_rows(briefings, which), COLUMNS[which])
        written.append(path)
    return written


def _xlsx_cell(value: object, illegal: re.Pattern[str]) -> object:
    return illegal.sub("", value) if isinstance(value, str) else value


def write_xlsx(path: Path, briefings: list[tuple[str, Briefing]]) -> None:
    """One workbook, one sheet per list, the same rows as the CSV files."""
    from openpyxl import Workbook  # imported here: only this writer needs it
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook()
    workbook.remove(workbook.active)
    for which in LISTS:
        sheet = workbook.create_sheet(which)
        sheet.append(list(COLUMNS[which]))
        for row in list_rows(briefings, which):
            # Control characters (a PDF's form feed) are not allowed in xlsx XML; they carry no text.
            sheet.append([_xlsx_cell(row.get(column), ILLEGAL_CHARACTERS_RE) for column in COLUMNS[which]])
            for cell in sheet[sheet.max_row]:
                if is_formula_like(cell.value):
                    # openpyxl types any text starting with = as a formula; a string cell shows it as written.
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


# --- Parquet ----------------------------------------------------------------------------------------------------------

PARQUET_EXTRA = "pip install 'summarizer[parquet]' (pyarrow)"


def write_parquet(folder: Path, tables: dict[str, tuple[list[Row], dict[str, str]]]) -> list[Path]:
    """Each table (name → rows and their columns with Arrow type names: string, int32, int64, float64, bool) as
    `<name>.parquet` in `folder`. pyarrow is an optional extra: without it, an ImportError that says how to
    install it."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # an optional extra
        raise ImportError(f"Parquet needs pyarrow: {PARQUET_EXTRA}") from exc
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (rows, columns) in tables.items():
        schema = pa.schema(
            [(column, getattr(pa, "bool_" if kind == "bool" else kind)()) for column, kind in columns.items()]
        )
        table = pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in rows], schema=schema)
        path = folder / f"{name}.parquet"
        pq.write_table(table, path)
        written.append(path)
    return written


def list_tables(briefings: list[tuple[str, Briefing]]) -> dict[str, tuple[list[Row], dict[str, str]]]:
    """The five lists as Parquet tables of text and numbers, with each document's region, level and date."""
    numeric = {"start": "int64", "end": "int64", "page": "int32", "horizon_year": "int32", "year": "int32"}
    numeric |= {c: "float64" for c in ("number", "low", "high", "investment_number", "baseline_number")}
    numeric |= {c: "float64" for c in ("target_number",)} | {"baseline_year": "int32", "target_year": "int32"}
    numeric |= {"achieved_year": "int32"}
    tables = {}
    docs = {file: b.document for file, b in briefings}
    for which in LISTS:
        rows = list_rows(briefings, which)
        for row in rows:
            d = docs[row["file"]]
            row.update(region=d.region, level=d.level, date=d.date, work_year=d.work_year)
        columns = {c: numeric.get(c, "string") for c in COLUMNS[which]}
        columns |= {"region": "string", "level": "string", "date": "string", "work_year": "int32"}
        tables[which] = (rows, columns)
    return tables
