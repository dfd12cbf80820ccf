"""The development corpus, run after every rule change: `python -m summarizer.evals.corpus`.

Runs the rules (`--backend none`, no model) over every document of ../shared/corpus, its texts and
the originals they were taken from (PDF, web pages), and writes `evals/corpus_run.md`: per document
its card, how many records each list has and the first few of each, and whether the original gives
the same table rows as the text. The file is committed, so a rule change shows up as a diff of what
it does to documents nobody labelled; read a sample of it after each change.

The three set-aside documents (`evals/corpus_set_aside.txt`) are listed by name only: their items are
not printed, so the person writing rules never reads what the tool makes of them.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..kinds import BY_FIELD, LISTS
from ..models import Briefing, Indicator
from ..pipeline import summarize_source
from ..read import read_document
from .cards import load_cards
from .gold import DEFAULT_CORPUS
from .run import set_aside_stems
from .selfcheck import check_briefing, is_work_report

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "evals" / "corpus_run.md"
FIRST = 6  # items printed per list


def _item(field: str, item: object) -> str:
    if isinstance(item, Indicator):
        target = item.target
        value = target.value.text if target else ""
        low_high = ""
        if target and target.value.low is not None and target.value.high is not None:
            low_high = f" [{target.value.low:g}–{target.value.high:g}]"
        year = target.year if target and target.year else "—"
        qualifier = f" {item.qualifier}" if item.qualifier else ""
        return f"{item.name} = {value}{low_high} ({year}){qualifier}"
    label = BY_FIELD[field].label(item)
    extra = getattr(item, "status", None) or getattr(item, "role", None) or getattr(item, "horizon_year", None)
    return f"{label}" + (f" ({extra})" if extra else "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def describe(stem: str, briefing: Briefing, text: str, hidden: bool, labelled_type: str | None = None) -> list[str]:
    d = briefing.document
    counts = ", ".join(f"{field} {len(getattr(briefing, field))}" for field in LISTS)
    lines = [f"## {stem}{' (set aside: nothing of it is shown)' if hidden else ''}", ""]
    if hidden:
        return lines
    lines += [
        f"- card: {d.title} | {d.doc_type} | {d.region} | {d.level} | {d.issuing_body} | {d.date} | {d.plan_period}",
        f"- {counts}",
    ]
    for field in LISTS:
        items = getattr(briefing, field)
        if items:
            shown = "; ".join(_cell(_item(field, i)) for i in items[:FIRST])
            more = f" … (+{len(items) - FIRST})" if len(items) > FIRST else ""
            lines.append(f"- {field}: {shown}{more}")
    check = check_briefing(briefing, text)
    if is_work_report(labelled_type, briefing) and check.checked:
        lines.append(f"- self-check: {check.covered}/{check.checked} quantities of the year's targets covered")
        lines += [f"  - not covered: {_cell(miss)}" for miss in check.missed]
    return [*lines, ""]


def table_rows(briefing: Briefing) -> list[tuple[str, str]]:
    return [(i.name, i.target.value.text if i.target else "") for i in briefing.indicators if i.table]


def run(corpus: Path = DEFAULT_CORPUS, out: Path = OUT) -> int:
    started = time.monotonic()
    hidden = set_aside_stems()
    texts = sorted(corpus.glob("*.txt"))
    originals = sorted(p for p in (corpus / "originals").glob("*") if p.is_file())
    lines = [
        "# The rules over the development corpus",
        "",
        "Written by `python -m summarizer.evals.corpus` (`--backend none`); committed so that a rule change shows",
        "up as a diff. Per document: the card (title | type | region | level | issuing body | date | plan period),",
        "the count of each list and its first items, and for a work report the self-check of its year's targets.",
        "",
    ]
    briefings: dict[str, Briefing] = {}
    cards = load_cards()
    for path in texts:
        source = read_document(path)
        briefing = summarize_source(source, None)
        briefings[path.stem] = briefing
        lines += describe(
            path.stem, briefing, source.text, path.stem in hidden, cards.get(path.stem, {}).get("doc_type")
        )
    lines += ["# Originals against their texts", ""]
    for path in originals:
        source = read_document(path)
        briefing = summarize_source(source, None)
        text_briefing = briefings.get(path.stem)
        hide = path.stem in hidden
        lines += describe(path.name, briefing, source.text, hide, cards.get(path.stem, {}).get("doc_type"))
        if text_briefing is not None:
            ours, theirs = table_rows(briefing), table_rows(text_briefing)
            same = "same" if ours == theirs else "DIFFERENT"
            if not hide:
                lines += [f"- table rows: {len(ours)} from the original, {len(theirs)} from the text: {same}", ""]
    lines.append(f"{len(texts)} texts and {len(originals)} originals in {time.monotonic() - started:.1f} s.")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(texts)} texts, {len(originals)} originals, {time.monotonic() - started:.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m summarizer.evals.corpus", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("-o", "--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    return run(args.corpus, args.out)


if __name__ == "__main__":
    sys.exit(main())
