"""Stage 4, tables: rebuild indicator tables flattened to one cell per line.

Plan outlines print their indicators as 专栏 tables; PDF extraction leaves one
cell per paragraph, with category rows ("一、经济发展(8项)"), sub-rows
("城镇(元)") and sometimes lost units. The structure is regular enough to
rebuild deterministically, so no model is used here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clean import CleanText
from .models import Evidence, Indicator, RunWarning, Value, YearValue
from .segment import heading_level
from .values import is_unit, parse_value

_TABLE_TITLE = re.compile(r"^专栏\s*(\d+)\s*[:：]?\s*(.*)$")
_CATEGORY = re.compile(r"^[一二三四五六七八九十]*、?\s*(.+?)[(（](\d+)项[)）]$")
_ROW_NUMBER = re.compile(r"^\d{1,3}$")
_ATTRIBUTE = {"预期性", "约束性"}
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_SUB_ROW = re.compile(r"^(.{1,8}?)\s*[(（]?\s*(%|元|万元|亿元|万人|人)?\s*[)）]?$")
# A cell longer than this, or a sentence, means the table has ended.
_MAX_CELL = 40


@dataclass
class _Cell:
    text: str
    start: int  # cleaned offsets
    end: int


@dataclass
class RebuiltTable:
    number: int
    title: str
    start: int  # cleaned span of the whole table
    end: int
    indicators: list[Indicator] = field(default_factory=list)


def _cells_after(text: str, pos: int) -> list[_Cell]:
    cells = []
    for line in text[pos:].split("\n"):
        start = pos
        pos += len(line) + 1
        cell = line.strip()
        if not cell:
            continue
        if len(cell) > _MAX_CELL or cell.endswith("。"):
            break
        if heading_level(cell) is not None and not _CATEGORY.match(cell):
            break  # the next section's heading
        cells.append(_Cell(cell, start, start + len(line)))
    return cells


def find_tables(clean: CleanText) -> tuple[list[RebuiltTable], list[RunWarning]]:
    """Rebuild every 专栏 indicator table found in the cleaned text."""
    tables: list[RebuiltTable] = []
    warnings: list[RunWarning] = []
    text = clean.text
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        m = _TABLE_TITLE.match(line.strip())
        if not m or "指标" not in line:
            continue
        cells = _cells_after(text, pos)
        table = _parse_table(int(m.group(1)), line.strip(), line_start, cells, clean, warnings)
        if table and table.indicators:
            tables.append(table)
    return tables, warnings


def _parse_table(
    number: int, title: str, start: int, cells: list[_Cell], clean: CleanText, warnings: list[RunWarning]
) -> RebuiltTable | None:
    # Header: everything before the first category row or row number 1.
    body_at = next(
        (i for i, c in enumerate(cells) if _CATEGORY.match(c.text) or c.text == "1"),
        None,
    )
    if body_at is None:
        return None
    header = [c.text for c in cells[:body_at]]
    review = any("完成情况" in h for h in header)
    years = [int(h) for h in header if _YEAR.match(h)]
    label = f"专栏{number}"
    table = RebuiltTable(number=number, title=title, start=start, end=cells[-1].end if cells else start)

    rows: list[tuple[str, list[_Cell]]] = []  # (category, cells of one row or sub-row)
    category = ""
    expected_row = 1
    current: list[_Cell] = []
    for i, cell in enumerate(cells[body_at:], start=body_at):
        cat = _CATEGORY.match(cell.text)
        next_is_number = i + 1 < len(cells) and _ROW_NUMBER.match(cells[i + 1].text)
        starts_row = cell.text == str(expected_row) and not next_is_number
        # A cell after a finished row that is not the next row number is a sub-row label.
        starts_sub_row = not starts_row and (not current or current[-1].text in _ATTRIBUTE)
        if not cat and starts_sub_row and _ROW_NUMBER.match(cell.text):
            break  # a number out of sequence: the table has ended
        if cat or starts_row or starts_sub_row:
            if current:
                rows.append((category, current))
            current = [] if cat else [cell]
            category = cat.group(1).strip() if cat else category
            expected_row += 1 if starts_row else 0
            continue
        current.append(cell)
    if current:
        rows.append((category, current))
    table.end = rows[-1][1][-1].end if rows else table.end

    parent_name: str | None = None
    for row_category, row_cells in rows:
        is_numbered = _ROW_NUMBER.match(row_cells[0].text) is not None
        if is_numbered:
            row_no = row_cells[0].text
            name = row_cells[1].text if len(row_cells) > 1 else ""
            value_cells = row_cells[2:]
            parent_name = name
            row_label = f"{label} 第{row_no}项"
            sub_unit = None
        else:
            sub = row_cells[0].text
            sub_name, sub_unit = _split_sub_label(sub)
            name = f"{parent_name}({sub_name})" if parent_name else sub_name
            value_cells = row_cells[1:]
            row_label = f"{label} 第{row_no}项 {sub}" if parent_name else f"{label} {sub}"
        indicator = _row_to_indicator(
            name, row_category, value_cells, review, years, row_label, sub_unit, row_cells, clean, warnings
        )
        if indicator:
            table.indicators.append(indicator)
    return table


def _split_sub_label(sub: str) -> tuple[str, str | None]:
    m = re.match(r"^(.+?)\s*[(（]\s*(.+?)\s*[)）]?$", sub)
    if m and is_unit(m.group(2)):
        return m.group(1), m.group(2)
    m = re.match(r"^(.+?)(%|‰)$", sub)
    if m:
        return m.group(1), m.group(2)
    return sub, None


def _row_to_indicator(
    name: str,
    category: str,
    value_cells: list[_Cell],
    review: bool,
    years: list[int],
    row_label: str,
    sub_unit: str | None,
    row_cells: list[_Cell],
    clean: CleanText,
    warnings: list[RunWarning],
) -> Indicator | None:
    cells = [c.text for c in value_cells]
    attribute = None
    if cells and cells[-1] in _ATTRIBUTE:
        attribute = cells.pop()
    unit = sub_unit
    if cells and is_unit(cells[0]):
        unit = cells.pop(0)
    start, end = clean.to_original(row_cells[0].start, row_cells[-1].end)
    if unit is None:
        warnings.append(
            RunWarning(kind="table_cell", message=f"{row_label} {name}: unit lost in extraction", start=start, end=end)
        )

    def value(text: str | None) -> Value | None:
        if text is None or text.strip() in {"-", "—", ""}:
            return None
        return parse_value(text, default_unit=unit if not re.search(r"%|增长", text) else None)

    baseline = target = achieved = growth = achieved_growth = None
    year = years[0] if years else None
    if review and len(cells) == 2:  # merged growth cells: only the absolute values were printed
        cells = [cells[0], "-", cells[1], "-"]
    expected = 4 if review else 2
    if len(cells) != expected:
        message = f"{row_label} {name}: {len(cells)} value cells, expected {expected}"
        warnings.append(RunWarning(kind="table_cell", message=message, start=start, end=end))
    cells = (cells + ["-"] * expected)[:expected]
    if review:
        # Columns: planned 2020 value, planned annual growth, achieved 2020 value, achieved growth.
        t, g, a, ag = cells
        target = _year_value(year, value(t))
        achieved = _year_value(year, value(a))
        growth = _growth(g)
        achieved_growth = _growth(ag)
    else:
        b, t = cells
        base_year = years[0] if years else None
        target_year = years[-1] if len(years) > 1 else None
        baseline = _year_value(base_year, value(b))
        target = _year_value(target_year, value(t))

    quote = clean.text[row_cells[0].start : row_cells[-1].end]
    return Indicator(
        id="",
        name=name,
        category=category or None,
        unit=unit,
        baseline=baseline,
        target=target,
        achieved=achieved,
        annual_growth=growth,
        achieved_annual_growth=achieved_growth,
        qualifier=target.value.qualifier if target else None,
        attribute=attribute,  # type: ignore[arg-type]
        table=row_label,
        evidence=Evidence(quote=quote, start=start, end=end, section=row_label.split()[0], alignment="table"),
    )


def _year_value(year: int | None, value: Value | None) -> YearValue | None:
    return YearValue(year=year, value=value) if value is not None else None


def _growth(text: str) -> Value | None:
    if text.strip() in {"-", "—", ""}:
        return None
    return parse_value(text, default_unit="%")
