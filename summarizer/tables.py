"""Stage 4, tables: rebuild indicator tables, deterministically (no model).

Plan outlines print their indicators as 专栏 tables. PDF extraction leaves one
cell per paragraph, with category rows ("一、经济发展(8项)"), sub-rows
("城镇(元)") and sometimes lost units; documents converted to Markdown keep
them as pipe tables (`| 指标 | 2020年 | 2025年 | 属性 |`). Both are regular
enough to read with rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
_YEAR_CELL = re.compile(r"^((?:19|20)\d\d)(?:年|$|[^\d])")
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


def _ends_numbered_table(cell: str) -> bool:
    """A sentence, a table printed as pipe rows (read by find_pipe_tables), or the next section's heading
    (a category row "一、经济发展(8项)" looks like a heading but belongs to the table)."""
    if len(cell) > _MAX_CELL or cell.endswith("。") or cell.startswith("|"):
        return True
    return heading_level(cell) is not None and not _CATEGORY.match(cell)


def _cells_after(text: str, pos: int, ends_table: Callable[[str], bool] = _ends_numbered_table) -> list[_Cell]:
    """The cells one per line from `pos` up to the first line that ends the table."""
    cells = []
    while pos <= len(text):  # line by line without copying the rest of the text (large files)
        start = pos
        newline = text.find("\n", pos)
        line = text[pos:] if newline < 0 else text[pos:newline]
        pos = len(text) + 1 if newline < 0 else newline + 1
        cell = line.strip()
        if not cell:
            continue
        if ends_table(cell):
            break
        cells.append(_Cell(cell, start, start + len(line)))
    return cells


def find_tables(clean: CleanText) -> tuple[list[RebuiltTable], list[RunWarning]]:
    """Rebuild every indicator table: flattened 专栏 tables, tables whose header names their columns, then
    Markdown pipe tables."""
    tables, warnings = find_flattened_tables(clean)
    taken = [(t.start, t.end) for t in tables]
    tables += [t for t in find_column_tables(clean, warnings) if not any(a <= t.start < b for a, b in taken)]
    tables += find_pipe_tables(clean, warnings)
    return sorted(tables, key=lambda t: t.start), warnings


def find_flattened_tables(clean: CleanText) -> tuple[list[RebuiltTable], list[RunWarning]]:
    """Rebuild every 专栏 indicator table printed one cell per line."""
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
    # "2020", or "2020绝对值" where a Word or PDF table kept the year and its caption in one cell.
    years = [int(m.group(1)) for h in header if (m := _YEAR_CELL.match(h))]
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
        target = _year_value(year, _cell_value(t, unit))
        achieved = _year_value(year, _cell_value(a, unit))
        growth = _growth(g)
        achieved_growth = _growth(ag)
    else:
        b, t = cells
        base_year = years[0] if years else None
        target_year = years[-1] if len(years) > 1 else None
        baseline = _year_value(base_year, _cell_value(b, unit))
        target = _year_value(target_year, _cell_value(t, unit))

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


def _cell_value(text: str, unit: str | None) -> Value | None:
    """A table cell's value: none for an empty or dash cell; the row's unit unless the
    cell is a percentage or a growth rate."""
    if text.strip() in {"-", "—", "/", ""}:
        return None
    return parse_value(text, default_unit=unit if not re.search(r"%|增长", text) else None)


def _year_value(year: int | None, value: Value | None) -> YearValue | None:
    return YearValue(year=year, value=value) if value is not None else None


def _growth(text: str) -> Value | None:
    if text.strip() in {"-", "—", ""}:
        return None
    return parse_value(text, default_unit="%")


# --- tables with named columns, one cell per line ------------------------------------------------------------------

# "主要指标表", "专栏1 青河区国土空间规划核心指标", "核心指标一览表": a table of indicators is announced.
_COLUMN_TABLE_TITLE = re.compile(r"^(?:专栏\s*(\d+)\s*[:：]?\s*)?.{0,30}指标.{0,6}$")
_PERIOD_YEARS = {"十三五": 2020, "十四五": 2025, "十五五": 2030, "十六五": 2035}


def _column_role(header: str) -> str | None:
    h = re.sub(r"\s+", "", header)
    if h in ("序号", "编号"):
        return "no"
    if re.search(r"类别|领域|分类|维度", h):
        return "category"
    if "属性" in h:
        return "attribute"
    if "单位" in h:
        return "unit"
    if re.search(r"目标|规划值|预期值", h):
        return "target"
    if re.search(r"现状|基期|基准|完成|现值|基础", h):
        return "baseline"
    if re.search(r"指标|名称|内容", h):
        return "name"
    if _YEAR_CELL.match(h):
        return "year"
    return None


def _column_year(header: str) -> int | None:
    m = _YEAR_CELL.match(header) or re.search(r"((?:19|20)\d\d)", header)
    if m:
        return int(m.group(1))
    period = next((p for p in _PERIOD_YEARS if p in header), None)
    return _PERIOD_YEARS[period] if period else None


def find_column_tables(clean: CleanText, warnings: list[RunWarning]) -> list[RebuiltTable]:
    """Indicator tables printed one cell per line whose header names its columns (类别, 序号, 一级指标, 二级指标,
    单位, 属性, 现状值, 目标值 …): rows start at their number; the attribute or the unit cell anchors the row, the
    names stand before it and the values after; a cell with no number after a row's values is the next
    category. A lost (blank) cell leaves one value, which is the target."""
    tables: list[RebuiltTable] = []
    text = clean.text
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        title = line.strip()
        m = _COLUMN_TABLE_TITLE.match(title)
        if not m or len(title) > 40:
            continue
        cells = _cells_after(text, pos, _ends_column_table)
        body_at = next((i for i, c in enumerate(cells) if c.text == "1"), None)
        if body_at is None or body_at > 16:
            continue
        header = [c.text for c in cells[:body_at]]
        first_category = None
        if header and _column_role(header[-1]) is None and any(_column_role(h) == "category" for h in header):
            first_category = header.pop()  # the first group's category stands before row 1
        roles = [_column_role(h) for h in header]
        # Headers printed over two lines ("“十五五”" / "目标值") are joined to one column.
        joined: list[tuple[str, str | None]] = []
        for h, r in zip(header, roles, strict=True):
            if r is None and joined and joined[-1][1] is None:
                joined[-1] = (joined[-1][0] + h, _column_role(joined[-1][0] + h))
            elif r in ("target", "baseline") and joined and joined[-1][1] is None:
                joined[-1] = (joined[-1][0] + h, r)
            else:
                joined.append((h, r))
        roles = [r for _, r in joined]
        if "no" not in roles or "name" not in roles or not ({"unit", "attribute"} & set(roles)):
            continue
        value_years = [(r, _column_year(h)) for h, r in joined if r in ("baseline", "target", "year")]
        number = int(m.group(1)) if m.group(1) else len(tables) + 1
        label = f"专栏{number}" if m.group(1) else title
        table = RebuiltTable(number=number, title=title, start=line_start, end=cells[-1].end)
        table.indicators = _column_rows(cells[body_at:], roles, value_years, label, clean, first_category)
        if table.indicators:
            table.end = cells[-1].end
            tables.append(table)
    return tables


def _column_rows(
    cells: list[_Cell],
    roles: list[str | None],
    value_years: list[tuple[str | None, int | None]],
    label: str,
    clean: CleanText,
    category: str | None,
) -> list[Indicator]:
    rows: list[list[_Cell]] = []
    expected = 1
    for cell in cells:
        if cell.text == str(expected):
            rows.append([cell])
            expected += 1
        elif rows:
            rows.append([*rows.pop(), cell])
    out = []
    has_category = "category" in roles
    for row in rows:
        no, rest = row[0], row[1:]
        anchor = next((i for i, c in enumerate(rest) if c.text in _ATTRIBUTE), None)
        attribute = rest[anchor].text if anchor is not None else None
        if anchor is None:
            anchor = next((i for i, c in enumerate(rest) if is_unit(c.text)), None)
            if anchor is None:
                continue
            unit_cell = rest[anchor]
            names, values = rest[:anchor], rest[anchor + 1 :]
        else:
            unit_cell = rest[anchor - 1] if anchor > 0 and is_unit(rest[anchor - 1].text) else None
            names = rest[: anchor - 1] if unit_cell else rest[:anchor]
            values = rest[anchor + 1 :]
        next_category = None
        last = values[-1].text if values else ""
        if has_category and len(last) >= 4 and not re.search(r"\d|[≥≤%％\-—]", last):
            others_numeric = any(re.search(r"\d", c.text) for c in values[:-1])
            if len(values) > len(value_years) or others_numeric:
                next_category = values.pop().text
        if not names:
            continue
        unit = unit_cell.text.replace("％", "%") if unit_cell else None
        base_year = next((y for r, y in value_years if r == "baseline"), None)
        target_year = next((y for r, y in reversed(value_years) if r in ("target", "year")), None)
        texts = [c.text for c in values[: len(value_years)]]
        baseline_text, target_text = (texts + [""] * 2)[:2] if len(texts) >= 2 else ("", texts[0] if texts else "")
        row_end = values[-1].end if values else names[-1].end
        start, end = clean.to_original(no.start, row_end)
        quote = clean.text[no.start : row_end]
        target = _cell_value(target_text, unit)
        out.append(
            Indicator(
                id="",
                name=names[-1].text,
                category=category,
                unit=unit,
                baseline=_year_value(base_year, _cell_value(baseline_text, unit)),
                target=_year_value(target_year, target),
                qualifier=target.qualifier if target else None,
                attribute=attribute,  # type: ignore[arg-type]
                table=f"{label} 第{no.text}项",
                evidence=Evidence(quote=quote, start=start, end=end, section=label, alignment="table"),
            )
        )
        category = next_category or category
    return out


def _ends_column_table(cell: str) -> bool:
    """A text cell may be a long phrase ("至2030年底，全面完成…"), but a long sentence, a pipe row or a heading
    ends the table."""
    if len(cell) > 80 or (cell.endswith("。") and len(cell) > 30) or cell.startswith("|"):
        return True
    return heading_level(cell) is not None


# --- Markdown pipe tables -------------------------------------------------------------------

_PIPE_SEPARATOR = re.compile(r"^:?-{2,}:?$")
_YEAR_HEADER = re.compile(r"((?:19|20)\d\d)\s*年?")
_NAME_HEADERS = ("指标", "名称", "项目")


def _pipe_cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def find_pipe_tables(clean: CleanText, warnings: list[RunWarning]) -> list[RebuiltTable]:
    """Indicator tables written as Markdown pipe tables: a header row with year columns
    (baseline first, target last), optional 单位, 年均增长 and 属性 columns."""
    tables: list[RebuiltTable] = []
    block: list[tuple[int, int, str]] = []  # (start, end, line) of consecutive pipe rows
    pos = 0
    title = ""  # the line just above a table, when short enough to be its title
    for line in [*clean.text.split("\n"), ""]:
        start = pos
        pos += len(line) + 1
        if line.strip().startswith("|") and line.count("|") >= 3:
            block.append((start, start + len(line), line))
            continue
        if block:
            table = _numbered_pipe_table(block, title, clean, warnings) or _parse_pipe_table(
                block, title, len(tables) + 1, clean, warnings
            )
            if table:
                tables.append(table)
            block = []
        if line.strip():
            title = line.strip() if len(line.strip()) <= _MAX_CELL else ""
    return tables


def _numbered_pipe_table(
    block: list[tuple[int, int, str]], title: str, clean: CleanText, warnings: list[RunWarning]
) -> RebuiltTable | None:
    """A 专栏 indicator table read from a Word file, a PDF or a web page: its filled cells, row by row,
    are the cell stream the same table gives when a PDF is dumped to text, so both print forms are
    read by one parser (row numbers, sub-rows under their parent, 完成情况 columns) into the same records."""
    m = _TABLE_TITLE.match(title)
    numbered = any(_pipe_cells(line)[0] == "1" for _, _, line in block)  # a 序号 column counting rows
    if not m or "指标" not in title or not numbered:
        return None
    cells = [
        cell
        for start, _end, line in block
        for cell in _pipe_cell_spans(line, start)
        if cell.text and not _PIPE_SEPARATOR.match(cell.text)
    ]
    table = _parse_table(int(m.group(1)), title, block[0][0], cells, clean, warnings)
    return table if table and table.indicators else None


def _pipe_cell_spans(line: str, start: int) -> list[_Cell]:
    """The cells of one pipe row with their own spans (cleaned offsets), so a row's quote is its cells."""
    cells = []
    pos = start
    for part in line.split("|"):
        text = part.strip()
        if text:
            lead = len(part) - len(part.lstrip())
            cells.append(_Cell(text, pos + lead, pos + lead + len(text)))
        pos += len(part) + 1
    return cells


def _parse_pipe_table(
    block: list[tuple[int, int, str]], title: str, ordinal: int, clean: CleanText, warnings: list[RunWarning]
) -> RebuiltTable | None:
    rows = [(a, b, _pipe_cells(line)) for a, b, line in block]
    rows = [r for r in rows if not all(_PIPE_SEPARATOR.match(c) or not c for c in r[2])]
    if len(rows) < 2:
        return None
    header = rows[0][2]
    # A year column's header is short and holds one year ("2025年", "2020年基期值"), not an index number or a
    # date in a portal's metadata table ("000014349/2018-00223", "2031年12月21日").
    years = {
        i: int(m.group(1))
        for i, h in enumerate(header)
        if len(h) <= 12 and len(re.findall(r"\d", h)) == 4 and (m := _YEAR_HEADER.search(h))
    }
    if not years:
        return None  # not an indicator table (a project list, a schedule …)
    name_col = next((i for i, h in enumerate(header) if any(k in h for k in _NAME_HEADERS)), 0)
    unit_col = next((i for i, h in enumerate(header) if h in {"单位", "计量单位"}), None)
    growth_col = next((i for i, h in enumerate(header) if "年均" in h or "增速" in h), None)
    attribute_col = next((i for i, h in enumerate(header) if "属性" in h), None)
    year_cols = [i for i in sorted(years) if i not in {growth_col, name_col}]
    if not year_cols:
        return None
    m = _TABLE_TITLE.match(title)
    label = f"专栏{m.group(1)}" if m else f"表{ordinal}"
    table = RebuiltTable(number=int(m.group(1)) if m else 0, title=title, start=rows[0][0], end=rows[-1][1])
    category = ""
    for n, (a, b, cells) in enumerate(rows[1:], start=1):
        cells = (cells + [""] * len(header))[: len(header)]
        name_cell = cells[name_col]
        values = [cells[i] for i in year_cols]
        filled = [c for c in cells if c]
        if len(filled) == 1 and not any(v.strip("-— ") for v in values):
            # A category row (一、经济发展(8项)): one cell filled, in the name column or merged across the row.
            category = _CATEGORY.sub(r"\1", filled[0])
            continue
        if not name_cell or not any(v.strip() for v in values):  # "-" is printed: an indicator with no figure
            continue
        name, unit = _split_sub_label(name_cell)
        if unit_col is not None and cells[unit_col]:
            unit = cells[unit_col]
        row_label = f"{label} 第{n}行"
        start, end = clean.to_original(a, b)
        if unit is None:  # "65%" carries its own unit
            unit = next((v.unit for v in map(parse_value, values) if v.number is not None and v.unit), None)
        if unit is None:
            warnings.append(RunWarning(kind="table_cell", message=f"{row_label} {name}: no unit", start=start, end=end))
        baseline_year, target_year = years[year_cols[0]], years[year_cols[-1]]
        target = _year_value(target_year, _cell_value(values[-1], unit))
        baseline = _year_value(baseline_year, _cell_value(values[0], unit)) if len(year_cols) > 1 else None
        attribute = cells[attribute_col] if attribute_col is not None else None
        table.indicators.append(
            Indicator(
                id="",
                name=name,
                category=category or None,
                unit=unit,
                baseline=baseline,
                target=target,
                annual_growth=_growth(cells[growth_col]) if growth_col is not None else None,
                qualifier=target.value.qualifier if target else None,
                attribute=attribute if attribute in _ATTRIBUTE else None,  # type: ignore[arg-type]
                table=row_label,
                evidence=Evidence(
                    quote=clean.text[a:b].strip(), start=start, end=end, section=title or None, alignment="table"
                ),
            )
        )
    return table if table.indicators else None
