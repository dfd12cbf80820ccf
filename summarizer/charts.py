"""Charts for the comparison page, drawn here as inline SVG: no script, no library, no network.

Numbers that read badly in a table get a chart: the targets of one indicator and year across regions as a dot
plot, and each region's target beside its result as a pair of dots (a hollow target, a filled result, green when
met, red when missed). Pure functions over `compare.AlignedIndicator` rows as plain dicts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from .values import unit_key

ROW_HEIGHT = 22
LABEL_WIDTH = 150
PLOT_WIDTH = 420
VALUE_WIDTH = 120
MET_COLOURS = {"met": "#2e7d32", "missed": "#c62828"}
TARGET_COLOUR = "#1f5fa8"
RESULT_COLOUR = "#555555"


def _in_row_unit(statement: Mapping[str, Any], unit: str | None, number: float | None) -> float | None:
    """A statement's number in the row's unit (亿元 and 万元 are one family: scaled to the row's)."""
    if number is None:
        return None
    own = unit_key(statement.get("target_unit")) or (1.0, "")
    row = unit_key(unit) or own
    if own[1] != row[1]:
        return None
    return number * own[0] / row[0]


def _who(statement: Mapping[str, Any]) -> str:
    return statement.get("region") or statement.get("title") or "?"


def _lines(row: Mapping[str, Any]) -> list[tuple[str, list[tuple[str, float, float | None, str | None, str]]]]:
    """Per region, in order of first statement: its marks (kind, value, range end, verdict, text)."""
    by_region: dict[str, list[tuple[str, float, float | None, str | None, str]]] = {}
    for s in row["statements"]:
        low = s.get("low") if s.get("target_number") is None else s.get("target_number")
        value = _in_row_unit(s, row.get("unit"), low)
        if value is None:
            continue
        high = _in_row_unit(s, row.get("unit"), s.get("high")) if s.get("target_number") is None else None
        kind = "result" if s.get("stated_as") == "result" else "target"
        by_region.setdefault(_who(s), []).append((kind, value, high, s.get("met"), s.get("target_text") or ""))
    return list(by_region.items())


def worth_a_chart(row: Mapping[str, Any]) -> bool:
    """Targets of two or more regions, or a target beside a result."""
    lines = _lines(row)
    targets = sum(any(k == "target" for k, *_ in marks) for _, marks in lines)
    paired = any({k for k, *_ in marks} == {"target", "result"} for _, marks in lines)
    return targets >= 2 or paired


def row_chart(row: Mapping[str, Any]) -> str | None:
    """An SVG dot plot of the row, one line per region sorted by its target, or None when it is not worth one."""
    if not worth_a_chart(row):
        return None
    lines = _lines(row)
    lines.sort(key=lambda line: -max((v for k, v, *_ in line[1] if k == "target"), default=float("-inf")))
    values = [v for _, marks in lines for _, v, high, *_ in marks for v in (v, high) if v is not None]
    lo, hi = min(values), max(values)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    pad = (hi - lo) * 0.08
    lo, hi = lo - pad, hi + pad

    def x(v: float) -> float:
        return LABEL_WIDTH + (v - lo) / (hi - lo) * PLOT_WIDTH

    height = ROW_HEIGHT * len(lines) + 24
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    unit = escape(row.get("unit") or "")
    parts = [
        f'<svg class="chart" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(row["name"])} {row.get("year") or ""} {unit}</title>'
    ]
    for n, (region, marks) in enumerate(lines):
        y = 12 + n * ROW_HEIGHT
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 4}" text-anchor="end" font-size="12">{escape(region)}</text>'
        )
        parts.append(f'<line x1="{LABEL_WIDTH}" x2="{LABEL_WIDTH + PLOT_WIDTH}" y1="{y}" y2="{y}" stroke="#e5e5e5"/>')
        targets = [m for m in marks if m[0] == "target"]
        results = [m for m in marks if m[0] == "result"]
        if targets and results:
            parts.append(
                f'<line x1="{x(targets[0][1]):.1f}" x2="{x(results[0][1]):.1f}" y1="{y}" y2="{y}" '
                f'stroke="{MET_COLOURS.get(targets[0][3] or "", "#999")}" stroke-width="2"/>'
            )
        for kind, value, high, verdict, text in marks:
            tip = f"{'目标' if kind == 'target' else '实绩'} {text}" + (f" · {verdict}" if verdict else "")
            if high is not None:
                parts.append(
                    f'<line x1="{x(value):.1f}" x2="{x(high):.1f}" y1="{y}" y2="{y}" stroke="{TARGET_COLOUR}" '
                    f'stroke-width="5" stroke-linecap="round"><title>{escape(tip)}</title></line>'
                )
            elif kind == "target":
                parts.append(
                    f'<circle cx="{x(value):.1f}" cy="{y}" r="5" fill="white" stroke="{TARGET_COLOUR}" '
                    f'stroke-width="2"><title>{escape(tip)}</title></circle>'
                )
            else:
                colour = MET_COLOURS.get(targets[0][3] or "", RESULT_COLOUR) if targets else RESULT_COLOUR
                parts.append(
                    f'<circle cx="{x(value):.1f}" cy="{y}" r="5" fill="{colour}"><title>{escape(tip)}</title></circle>'
                )
        shown = " → ".join(m[4] for m in marks if m[4])
        parts.append(
            f'<text x="{LABEL_WIDTH + PLOT_WIDTH + 8}" y="{y + 4}" font-size="11" fill="#444">{escape(shown)}</text>'
        )
    axis_y = height - 6
    parts.append(f'<text x="{LABEL_WIDTH}" y="{axis_y}" font-size="10" fill="#777">{lo:g}</text>')
    parts.append(
        f'<text x="{LABEL_WIDTH + PLOT_WIDTH}" y="{axis_y}" font-size="10" fill="#777" text-anchor="end">'
        f"{hi:g} {unit}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


def verdict_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each target with a verdict (met or missed), beside its result: the comparison page's first table."""
    out = []
    for row in rows:
        for s in row["statements"]:
            if s.get("met") in ("met", "missed"):
                out.append({"row": row, "target": s})
    return out
