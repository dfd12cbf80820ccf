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
    for n in (value.number, getattr(value, "low", None), getattr(value, "high", None)):
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
