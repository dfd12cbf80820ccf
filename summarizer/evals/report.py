"""Eval results for people and machines: rich tables, a JSON report, a Markdown list of the worst errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ..kinds import LISTS
from .cards import CardCheck
from .cards import accuracy as card_accuracy
from .score import CARD_FIELDS, ERROR_KINDS, Counts, DocumentScore, EvalError, OverallScore
from .selfcheck import DocumentCheck, pooled

RECORDS = "records"  # every list together, in the no-model table
LIST_LABELS = {
    "indicators": "indicators 指标",
    "goals": "goals 目标",
    "key_projects": "key_projects 项目",
    "responsible_bodies": "responsible_bodies 主体",
    "results": "results 实绩",
}
_COUNT_COLUMNS = ("Gold", "Pred", "TP", "FP", "FN", "P", "R", "F1")


def _ratio(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def _percent(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def _count_cells(c: Counts) -> list[str]:
    counts = [str(n) for n in (c.gold, c.predicted, c.tp, c.fp, c.fn)]
    return [*counts, _ratio(c.precision), _ratio(c.recall), _ratio(c.f1)]


def _records_table(title: str, lists: dict[str, Counts], total: Counts, caption: str) -> Table:
    table = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
    table.add_column("List")
    for col in _COUNT_COLUMNS:
        table.add_column(col, justify="right")
    for name in LISTS:
        table.add_row(LIST_LABELS[name], *_count_cells(lists[name]))
    table.add_section()
    table.add_row("all records", *_count_cells(total), style="bold")
    return table


def _fields_table(title: str, fields: dict[str, dict[str, Counts]]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("List")
    table.add_column("Field")
    for col in _COUNT_COLUMNS[2:]:
        table.add_column(col, justify="right")
    for name in LISTS:
        for i, (field, c) in enumerate(fields[name].items()):
            table.add_row(LIST_LABELS[name] if i == 0 else "", field, *_count_cells(c)[2:])
        table.add_section()
    return table


def _grounding_caption(grounded: int, total: int, rate: float | None) -> str:
    return f"grounding: {grounded}/{total} predicted records cut from the source ({_percent(rate)})"


def _sets_table(by_set: dict[str, OverallScore], labels: dict[str, str]) -> Table:
    table = Table(title="F1 per list and set (micro-averaged)", title_justify="left")
    table.add_column("List")
    for name in by_set:
        table.add_column(f"{labels.get(name, name)} ({len(by_set[name].documents)})", justify="right")
    for list_name in LISTS:
        table.add_row(LIST_LABELS[list_name], *(_ratio(o.lists[list_name].f1) for o in by_set.values()))
    table.add_section()
    table.add_row("all records", *(_ratio(o.records.f1) for o in by_set.values()), style="bold")
    return table


PerSet = dict[str, dict[str, Counts]]  # set name → list name → counts
Cell = Callable[[Counts], str]


def _per_set_table(
    title: str, caption: str, counts: PerSet, labels: dict[str, str], rows: list[str], cell: Cell
) -> Table:
    table = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
    table.add_column("List")
    for name in counts:
        table.add_column(labels.get(name, name), justify="right")
    for list_name in rows:
        table.add_row(LIST_LABELS.get(list_name, "all records"), *(cell(c[list_name]) for c in counts.values()))
    return table


def _md_per_set(heading: str, counts: PerSet, labels: dict[str, str], rows: list[str], cell: Cell) -> list[str]:
    head = "| List | " + " | ".join(labels.get(n, n) for n in counts) + " |"
    lines = [heading, "", head, "|---" * (len(counts) + 1) + "|"]
    for list_name in rows:
        lines.append(f"| {list_name} | " + " | ".join(cell(c[list_name]) for c in counts.values()) + " |")
    return [*lines, ""]


def _prf(c: Counts) -> str:
    return f"{_ratio(c.f1)} ({_ratio(c.precision)} / {_ratio(c.recall)})"


def candidates_table(recall: PerSet, labels: dict[str, str]) -> Table:
    """Per list and set: the share of gold records the candidate finders propose (and how many they propose)."""
    return _per_set_table(
        "Candidates' recall of the gold (finders alone, no model; the eval's matcher)",
        "recall (gold records matched by a candidate / gold), candidates proposed in brackets",
        recall,
        labels,
        list(LISTS),
        lambda c: f"{_ratio(c.recall)} ({c.predicted})",
    )


def floor_table(floor: PerSet, labels: dict[str, str]) -> Table:
    """Per list and set: micro F1 of `--backend none` (the rules judge the candidates, no model)."""
    return _per_set_table(
        "No model (--backend none): the rules alone, the floor a model must beat",
        "micro F1 (precision / recall)",
        floor,
        labels,
        [*LISTS, RECORDS],
        _prf,
    )


def md_floor(floor: PerSet, labels: dict[str, str]) -> list[str]:
    heading = "## No model (`--backend none`): F1 (precision / recall)"
    return _md_per_set(heading, floor, labels, [*LISTS, RECORDS], _prf)


def md_candidates(recall: PerSet, labels: dict[str, str]) -> list[str]:
    heading = "## Candidates' recall of the gold (finders alone, no model)"
    return _md_per_set(heading, recall, labels, list(LISTS), lambda c: f"{_ratio(c.recall)} ({c.tp}/{c.gold})")


def _card_table(scores: list[DocumentScore], by_set: dict[str, OverallScore], labels: dict[str, str]) -> Table:
    table = Table(title="Document card: fields right (✓) or wrong (✗)", title_justify="left")
    table.add_column("Document")
    for name in CARD_FIELDS:
        table.add_column(name, justify="center")
    for s in scores:
        table.add_row(s.document, *("✓" if s.card[n].correct else "✗" for n in CARD_FIELDS if n in s.card))
    table.add_section()
    for name, overall in by_set.items():
        table.add_row(f"accuracy, {labels.get(name, name)}", *(_ratio(overall.card[n].accuracy) for n in CARD_FIELDS))
    return table


def render_scores(
    console: Console,
    scores: list[DocumentScore],
    by_set: dict[str, OverallScore],
    labels: dict[str, str],
    fields_per_document: bool = False,
) -> None:
    """Print per-document and per-set record tables, F1 by set, the card, per-field table and grounding rates.
    `by_set` maps each set's name (and "all") to its micro-average; the last entry is every document."""
    for s in scores:
        g = s.grounding
        caption = _grounding_caption(g.grounded, g.total, g.rate)
        console.print(_records_table(f"{s.document}: records", s.lists, s.records, caption))
        if fields_per_document:
            console.print(_fields_table(f"{s.document}: fields of matched records", s.fields))
    for name, overall in by_set.items():
        g = overall.grounding
        caption = _grounding_caption(g.grounded, g.total, g.rate)
        title = f"{labels.get(name, name)}, {len(overall.documents)} documents (micro-averaged): records"
        console.print(_records_table(title, overall.lists, overall.records, caption))
    overall = list(by_set.values())[-1]
    console.print(_fields_table("All documents: fields of matched records", overall.fields))
    console.print(_sets_table(by_set, labels))
    console.print(_card_table(scores, by_set, labels))

    g = overall.grounding
    grounding = Table(title="Grounding", title_justify="left")
    for col, justify in (("Document", "left"), ("Grounded", "right"), ("Records", "right"), ("Rate", "right")):
        grounding.add_column(col, justify=justify)  # type: ignore[arg-type]
    for s in scores:
        grounding.add_row(s.document, str(s.grounding.grounded), str(s.grounding.total), _percent(s.grounding.rate))
    grounding.add_section()
    grounding.add_row("overall", str(g.grounded), str(g.total), _percent(g.rate), style="bold")
    console.print(grounding)

    kinds = Table(title="Errors by kind", title_justify="left")
    kinds.add_column("Kind")
    kinds.add_column("Count", justify="right")
    for kind, n in overall.errors_by_kind.items():
        kinds.add_row(kind, str(n))
    console.print(kinds)


def write_json_report(
    path: Path | str,
    scores: list[DocumentScore],
    by_set: dict[str, OverallScore],
    candidates: dict[str, dict[str, Counts]] | None = None,
    floor: dict[str, dict[str, Counts]] | None = None,
) -> None:
    """Write {"sets": {name: …, "all": …}, "candidates": …, "no_model": …, "documents": […]} as UTF-8 JSON
    (Chinese kept readable)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "sets": {name: o.model_dump(mode="json") for name, o in by_set.items()},
        "candidates": {
            name: {k: c.model_dump(mode="json") for k, c in lists.items()} for name, lists in (candidates or {}).items()
        },
        "no_model": {
            name: {k: c.model_dump(mode="json") for k, c in lists.items()} for name, lists in (floor or {}).items()
        },
        "documents": [s.model_dump(mode="json") for s in scores],
    }
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _cell(text: str | None, limit: int = 60) -> str:
    if text is None:
        return "—"
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _md_counts(rows: list[tuple[str, Counts]], first: str) -> list[str]:
    lines = [f"| {first} | " + " | ".join(_COUNT_COLUMNS) + " |", "|---" * (len(_COUNT_COLUMNS) + 1) + "|"]
    lines += [f"| {label} | " + " | ".join(_count_cells(c)) + " |" for label, c in rows]
    return lines


def worst_errors(scores: list[DocumentScore], worst: int = 50) -> list[EvalError]:
    """The `worst` most important errors: by kind (missing, invented, then field errors), then list, then document."""
    doc_rank = {s.document: i for i, s in enumerate(scores)}
    kind_rank = {k: i for i, k in enumerate(ERROR_KINDS)}
    list_rank = {name: i for i, name in enumerate(LISTS)}
    ranked = [(e, n) for s in scores for n, e in enumerate(s.errors)]
    ranked.sort(key=lambda en: (kind_rank[en[0].kind], list_rank[en[0].list_name], doc_rank[en[0].document], en[1]))
    return [e for e, _ in ranked[:worst]]


def _md_errors(kind: str, errors: list[EvalError]) -> list[str]:
    if kind == "missing":
        head = ["| List | Gold id | Gold record |", "|---|---|---|"]
        rows = [f"| {e.list_name} | {e.gold_id} | {_cell(e.gold_name, 80)} |" for e in errors]
    elif kind == "invented":
        head = ["| List | Pred id | Predicted record |", "|---|---|---|"]
        rows = [f"| {e.list_name} | {e.pred_id} | {_cell(e.pred_name, 80)} |" for e in errors]
    else:
        head = [
            "| List | Field | Gold id | Gold record | Gold value | Pred id | Predicted record | Predicted value |",
            "|---|---|---|---|---|---|---|---|",
        ]
        rows = [
            f"| {e.list_name} | {e.field} | {e.gold_id} | {_cell(e.gold_name, 30)} | {_cell(e.gold_value)} "
            f"| {e.pred_id} | {_cell(e.pred_name, 30)} | {_cell(e.pred_value)} |"
            for e in errors
        ]
    return head + rows


def write_markdown_report(
    path: Path | str,
    scores: list[DocumentScore],
    by_set: dict[str, OverallScore],
    labels: dict[str, str],
    worst: int = 50,
    recall: dict[str, dict[str, Counts]] | None = None,
    floor: dict[str, dict[str, Counts]] | None = None,
    extra: list[str] | None = None,
) -> None:
    """Write a Markdown summary per set, the card, and the `worst` most important errors, by document and kind;
    `extra` (the checks that need no gold) goes after the card."""
    overall = list(by_set.values())[-1]
    g = overall.grounding
    lines = [
        "# Eval report",
        "",
        f"{len(overall.documents)} documents, micro-averaged. Grounding: {g.grounded}/{g.total} "
        f"predicted records cut from the source ({_percent(g.rate)}).",
    ]
    for name, o in by_set.items():
        rows = [(list_name, o.lists[list_name]) for list_name in LISTS] + [("**all records**", o.records)]
        lines += ["", f"## Records: {labels.get(name, name)} ({len(o.documents)})", "", *_md_counts(rows, "List")]
    if floor:
        lines += ["", *md_floor(floor, labels)[:-1]]
    if recall:
        lines += ["", *md_candidates(recall, labels)[:-1]]
    lines += [
        "",
        "## Document card",
        "",
        "| Document | " + " | ".join(CARD_FIELDS) + " |",
        "|---" * (len(CARD_FIELDS) + 1) + "|",
    ]
    for s in scores:
        cells = [("✓" if s.card[n].correct else f"✗ {_cell(s.card[n].pred, 30)}") for n in CARD_FIELDS]
        lines.append(f"| {s.document} | " + " | ".join(cells) + " |")
    for name, o in by_set.items():
        cells = [_ratio(o.card[n].accuracy) for n in CARD_FIELDS]
        lines.append(f"| accuracy, {labels.get(name, name)} | " + " | ".join(cells) + " |")
    if extra:
        lines += ["", *extra]
    lines += [
        "",
        "## Records per document",
        "",
        *_md_counts([(s.document, s.records) for s in scores], "Document"),
        "",
        "## Fields of matched records",
        "",
        "| List | Field | TP | FP | FN | P | R | F1 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in LISTS:
        for field, c in overall.fields[name].items():
            lines.append(f"| {name} | {field} | " + " | ".join(_count_cells(c)[2:]) + " |")
    lines += ["", "## Errors by kind", "", "| Kind | Count |", "|---|---|"]
    lines += [f"| {kind} | {n} |" for kind, n in overall.errors_by_kind.items()]

    selected = worst_errors(scores, worst)
    total = sum(len(s.errors) for s in scores)
    lines += ["", f"## Worst errors ({len(selected)} of {total})", ""]
    for s in scores:
        mine = [e for e in selected if e.document == s.document]
        if not mine:
            continue
        lines += [f"### {s.document}", ""]
        for kind in ERROR_KINDS:
            of_kind = [e for e in mine if e.kind == kind]
            if of_kind:
                lines += [f"#### {kind} ({len(of_kind)})", "", *_md_errors(kind, of_kind), ""]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


# --- checks that need no gold -----------------------------------------------------------------------------------


def selfcheck_lines(checks: list[DocumentCheck], tables: bool = False) -> list[str]:
    """Markdown: per document, the quantities covered, and each exception with its cause (the year's targets
    of every work report, or with `tables` the value cells of every indicator table). A set-aside document's
    exceptions are counted, never listed."""
    covered, checked = pooled(checks)
    rate = _percent(covered / checked if checked else None)
    if tables:
        head = [
            "## Self-check: the cells of every indicator table (no gold)",
            "",
            f"{covered}/{checked} value cells covered ({rate}) in {len(checks)} documents. A value cell (read by a "
            "naive scan of the lines after a caption naming 指标) is covered when a table row's evidence holds it.",
        ]
    else:
        head = [
            "## Self-check: the year's targets of every work report (no gold)",
            "",
            f"{covered}/{checked} quantities covered ({rate}) in {len(checks)} work reports. A quantity (a numeral "
            "with % or a unit, read by a naive scan of the 主要预期目标 passage) is covered when an indicator for the "
            "work year holds it.",
        ]
    lines = [*head, "", "| Document | Work year | Covered |", "|---|---|---|"]
    for c in checks:
        name = "(set aside)" if c.hidden else c.document
        lines.append(f"| {name} | {c.check.work_year or '—'} | {c.check.covered}/{c.check.checked} |")
    for c in checks:
        if c.check.missed and not c.hidden:
            lines += ["", f"{c.document}:", *(f"- {miss}" for miss in c.check.missed)]
    return lines


def selfcheck_table(checks: list[DocumentCheck], tables: bool = False) -> Table:
    covered, checked = pooled(checks)
    what = (
        f"the cells of indicator tables in {len(checks)} documents"
        if tables
        else (f"the year's targets of {len(checks)} work reports")
    )
    table = Table(title=f"Self-check, {what}: {covered}/{checked} covered", title_justify="left")
    for col in ("Document", "Work year", "Covered", "Exceptions (quantity at offset: cause)"):
        table.add_column(col)
    for c in checks:
        if c.hidden:
            table.add_row("(set aside)", "", f"{c.check.covered}/{c.check.checked}", "")
            continue
        more = f"\n… {len(c.check.missed) - 3} more in report.md" if len(c.check.missed) > 3 else ""
        missed = "\n".join(c.check.missed[:3]) + more
        table.add_row(c.document, str(c.check.work_year or "—"), f"{c.check.covered}/{c.check.checked}", missed)
    return table


def card_lines(checks: list[CardCheck]) -> list[str]:
    right = sum(c.right for c in checks)
    lines = [
        "## Corpus cards (no gold lists: the hand-labelled card of every corpus document)",
        "",
        f"{right}/{len(checks)} cards right in all seven fields.",
        "",
        "| Field | Right |",
        "|---|---|",
    ]
    lines += [f"| {name} | {r}/{t} |" for name, (r, t) in card_accuracy(checks).items()]
    for c in checks:
        if c.hidden or c.right:
            continue
        wrong = "; ".join(
            f"{n}: {_cell(f.pred, 40)} (label {_cell(f.gold, 40)})" for n, f in c.fields.items() if not f.correct
        )
        lines.append(f"- {c.document}: {wrong}")
    return lines


def cards_table(checks: list[CardCheck]) -> Table:
    right = sum(c.right for c in checks)
    table = Table(title=f"Corpus cards: {right}/{len(checks)} right in all fields", title_justify="left")
    table.add_column("Document")
    table.add_column("Wrong fields: read (label)")
    for c in checks:
        if c.right:
            continue
        if c.hidden:
            table.add_row("(set aside)", f"{sum(not f.correct for f in c.fields.values())} fields")
            continue
        table.add_row(c.document, "\n".join(f"{n}: {f.pred} ({f.gold})" for n, f in c.fields.items() if not f.correct))
    table.add_section()
    table.add_row("accuracy", ", ".join(f"{n} {r}/{t}" for n, (r, t) in card_accuracy(checks).items()))
    return table


# --- summaries --------------------------------------------------------------------------------------------------------


def _summary_cell(s: object) -> str:
    from .run import SummaryScore

    assert isinstance(s, SummaryScore)
    carried = f"{s.carried}/{s.facts} ({_ratio(s.rate)})"
    if not s.asked:
        return carried
    return f"{carried}; model's own {s.accepted}/{s.asked}; slowest {s.slowest_seconds:.1f} s"


def summary_lines(columns: dict[str, dict[str, object]], labels: dict[str, str]) -> list[str]:
    """Markdown: per set, the key facts the summaries carry, for the plain summary and each model."""
    names = list(columns)
    sets = [name for name in labels if any(name in col for col in columns.values())]
    lines = [
        "## Summaries: key facts carried (evals/keyfacts), and summaries shown as the model wrote them",
        "",
        "| set | " + " | ".join(names) + " |",
        "|---" * (len(names) + 1) + "|",
    ]
    for name in sets:
        cells = [_summary_cell(columns[c][name]) if name in columns[c] else "—" for c in names]
        lines.append(f"| {labels[name]} | " + " | ".join(cells) + " |")
    return lines


def summary_table(columns: dict[str, dict[str, object]], labels: dict[str, str]) -> Table:
    table = Table(
        title="Summaries: key facts carried, and summaries shown as the model wrote them", title_justify="left"
    )
    table.add_column("Set")
    for name in columns:
        table.add_column(name, overflow="fold")
    for name, label in labels.items():
        if any(name in col for col in columns.values()):
            table.add_row(label, *(_summary_cell(col[name]) if name in col else "—" for col in columns.values()))
    return table
