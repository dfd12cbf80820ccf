"""A check that needs no gold: every quantity of a work report's year's targets is in an indicator.

A government work report states its year's targets in one passage (今年…主要预期目标是：…). A naive
scan of that passage, written apart from the value reader on purpose (an Arabic numeral, half or full
width, followed by a percent sign or a unit), lists its quantities. Each must fall inside the evidence of
an indicator whose target is for the report's work year and whose value holds that number. A quantity
that does not is an exception, given with its cause: no indicator there, another year, another value,
or no work year at all (the card found no date).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..models import Briefing, Indicator, work_year

# "主要预期目标是：", "主要目标为：", "预期目标是:" — the passage that lists the year's targets.
_TARGETS_HEAD = re.compile(
    r"(?:主要预期目标|主要目标|预期目标)\s*(?:是|为)?\s*[:：]|(?:主要预期目标|预期目标)(?:是|为)"
)
# A five-year period or a longer horizon just before the heading word: that passage is not the year's.
_NOT_THE_YEAR = re.compile(r"十[一二三四五六七八九]五|五年|远景|20[3-5]\d年|完成")
# The passage ends at a sentence end that closes a paragraph (a line break or a run of spaces after 。).
_PASSAGE_END = re.compile(r"。(?=\s*(?:\r?\n|\s{2,}|$))")
_MAX_PASSAGE = 900

_DIGITS = r"[0-9０-９]+(?:[.．][0-9０-９]+)?"
_UNITS = (
    r"%|％|‰|个百分点|百分点|[万亿千百]*(?:美元|元|人次|人|户|吨|个|项|家|所|座|条|公里|千米|米|亩|公顷|套|台|辆|天|倍"
    r"|平方米|立方米|千瓦|瓦|张|床|名|篇|件|次|处|间|场|册|只|头|部)"
)
QUANTITY = re.compile(rf"(?<![0-9０-９.．]){_DIGITS}\s*(?:{_UNITS})")


def targets_passages(text: str) -> list[tuple[int, int]]:
    """The spans of the passages that state the year's targets (usually one)."""
    spans = []
    for m in _TARGETS_HEAD.finditer(text):
        before = text[max(0, m.start() - 30) : m.start()]
        before = before[max(before.rfind("。"), before.rfind("\n")) + 1 :]
        if _NOT_THE_YEAR.search(before):
            continue
        end_match = _PASSAGE_END.search(text, m.end(), m.end() + _MAX_PASSAGE)
        end = end_match.end() if end_match else min(len(text), m.end() + _MAX_PASSAGE)
        if spans and m.start() < spans[-1][1]:
            continue
        spans.append((m.start(), end))
    return spans


def _digits(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("．", ".")


def _numbers(indicator: Indicator) -> set[float]:
    out: set[float] = set()
    if indicator.target is None:
        return out
    value = indicator.target.value
    for n in (value.number, value.low, value.high):
        if n is not None:
            out.add(round(float(n), 6))
    for m in re.finditer(r"\d+(?:\.\d+)?", _digits(value.text)):
        out.add(round(float(m.group()), 6))
    return out


@dataclass
class SelfCheck:
    work_year: int | None
    checked: int = 0
    covered: int = 0
    missed: list[str] = field(default_factory=list)  # "6%左右 at 1234: cause"


def check_briefing(briefing: Briefing, text: str) -> SelfCheck:
    """The year's-targets quantities of `text` (the source as read) against the briefing's indicators."""
    year = briefing.document.work_year or work_year(briefing.document.date)
    result = SelfCheck(work_year=year)
    for start, end in targets_passages(text):
        for m in QUANTITY.finditer(text, start, end):
            number = round(float(re.match(r"[\d.]+", _digits(m.group())).group()), 6)  # type: ignore[union-attr]
            result.checked += 1
            around = [i for i in briefing.indicators if i.evidence.start <= m.start() < i.evidence.end]
            right_value = [i for i in around if number in _numbers(i)]
            good = [i for i in right_value if year is not None and i.target and i.target.year == year]
            if good:
                result.covered += 1
                continue
            where = f"{m.group()} at {m.start()}"
            if year is None:
                cause = "no work year: the card found none (no date, title year or heading year)"
            elif right_value:
                years = sorted({str(i.target.year) if i.target else "none" for i in right_value})
                cause = f"indicator {right_value[0].name!r} has year {'/'.join(years)}, not {year}"
            elif around:
                read = around[0].target.value.text if around[0].target else "—"
                cause = f"indicator {around[0].name!r} reads {read!r}"
            else:
                cause = "no indicator"
            result.missed.append(f"{where}: {cause}")
    return result


@dataclass
class DocumentCheck:
    document: str
    hidden: bool
    check: SelfCheck


def is_work_report(labelled_type: str | None, briefing: Briefing) -> bool:
    """A work report by its label where it has one (gold or the corpus cards), else by the tool's card."""
    return (labelled_type or briefing.document.doc_type) == "政府工作报告"


def pooled(checks: list[DocumentCheck]) -> tuple[int, int]:
    """(covered, checked) over all documents."""
    return sum(c.check.covered for c in checks), sum(c.check.checked for c in checks)


# --- the cells of indicator tables ---------------------------------------------------------------------------------

# A table of indicators is announced by its caption: "专栏2 主要指标", "主要指标表", "…核心指标".
_TABLE_CAPTION = re.compile(r"^\s*(?:专栏\s*\d+.{0,30}|.{0,30}指标(?:表|体系)?)\s*$")
# A cell that is a value: a number with an optional comparison sign, unit and qualifier.
_VALUE_CELL = re.compile(rf"^[≥≤＞＜><约]?\s*({_DIGITS})\s*(?:{_UNITS})?(?:以上|以下|左右|以内)?$")
_YEAR_CELL = re.compile(r"^(?:19|20)\d\d\s*年?$")


def table_cells(text: str) -> list[tuple[int, float]]:
    """(offset, number) of every value cell of every indicator table, one cell per line or in pipe rows, read
    without the table stage: after a caption naming 指标, the short lines (or pipe cells) up to the first
    sentence; row numbers (the next number in sequence after a break) and year headers are not values."""
    found: list[tuple[int, float]] = []
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\r\n]*", text) if m.group()]
    i = 0
    while i < len(lines):
        _, line = lines[i]
        i += 1
        if "指标" not in line or not _TABLE_CAPTION.match(line) or len(line.strip()) > 40:
            continue
        expected_row = 1
        while i < len(lines):
            at, row = lines[i]
            cells = (
                [(at + c.start(), c.group().strip()) for c in re.finditer(r"[^|]+", row)]
                if "|" in row
                else [(at, row.strip())]
            )
            if not row.strip().startswith("|") and (len(row.strip()) > 60 or row.strip().endswith("。")):
                break
            i += 1
            following = next((r.strip() for _, r in lines[i : i + 3] if r.strip()), "")
            for offset, cell in cells:
                # A row number: the next in sequence, or a bare integer that the row's name follows.
                numbered = cell == str(expected_row) or (
                    "|" not in row
                    and re.fullmatch(r"\d{1,3}", cell)
                    and re.match(r"[\u4e00-\u9fff]{5}", following)
                    and following not in ("预期性", "约束性")
                )
                if numbered:
                    expected_row = int(cell) + 1
                    continue
                m = _VALUE_CELL.match(cell)
                if m and not _YEAR_CELL.match(cell):
                    found.append(
                        (offset + (len(row) - len(row.lstrip()) if "|" not in row else 0), float(_digits(m.group(1))))
                    )
    return found


def _all_numbers(indicator: Indicator) -> set[float]:
    out: set[float] = set()
    for yv in (indicator.target, indicator.baseline, indicator.achieved):
        if yv is not None:
            out |= {round(float(n), 6) for n in (yv.value.number, yv.value.low, yv.value.high) if n is not None}
    for v in (indicator.annual_growth, indicator.achieved_annual_growth):
        if v is not None and v.number is not None:
            out.add(round(float(v.number), 6))
    return out


def check_tables(briefing: Briefing, text: str) -> SelfCheck:
    """Every value cell of the document's indicator tables falls inside a table row's evidence holding it."""
    result = SelfCheck(work_year=None)
    rows = [i for i in briefing.indicators if i.table]
    for offset, number in table_cells(text):
        result.checked += 1
        around = [i for i in rows if i.evidence.start <= offset < i.evidence.end]
        if any(round(number, 6) in _all_numbers(i) for i in around):
            result.covered += 1
        elif around:
            result.missed.append(f"{number:g} at {offset}: row {around[0].table} {around[0].name!r} does not hold it")
        else:
            result.missed.append(f"{number:g} at {offset}: no table row there")
    return result
