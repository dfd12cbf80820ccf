"""One document, four formats: each seed as the text file, a Word file, a PDF (LibreOffice, with running
headers, columns, tables across page breaks, Kangxi radicals) and a saved web page gives the same table
rows and, with no model, the same items. The fixtures are made by real tools (tests/fixtures/inputs)."""

from __future__ import annotations

from functools import cache

import pytest
from conftest import REPO, SEED_STEMS, seed_path
from test_pipeline import assert_traceable

from summarizer.models import Briefing
from summarizer.pipeline import summarize_source
from summarizer.read import read_document

INPUTS = REPO / "tests" / "fixtures" / "inputs"
LISTS = ("goals", "key_projects", "indicators", "responsible_bodies")
# What an item says, without where: offsets index each format's own text.
SAID = {"name", "statement", "text", "unit", "baseline", "target", "achieved", "role", "category", "attribute", "table"}


@cache
def briefing(seed: str, fmt: str) -> tuple[Briefing, str]:
    path = seed_path(seed) if fmt == "txt" else INPUTS / f"seed{seed}.{fmt}"
    source = read_document(path)
    return summarize_source(source, None), source.text


def said(b: Briefing, field: str) -> list[str]:
    return sorted(item.model_dump_json(include=SAID) for item in getattr(b, field))


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
@pytest.mark.parametrize("seed", sorted(SEED_STEMS))
def test_every_format_gives_the_items_of_the_text_file(seed, fmt):
    reference, _ = briefing(seed, "txt")
    other, text = briefing(seed, fmt)
    for field in LISTS:
        assert said(other, field) == said(reference, field), f"{field} of seed {seed} as {fmt}"
    assert_traceable(other, text)  # every quote at its offsets in the extracted text


def test_seed_002_as_a_pdf_gives_every_row_of_its_indicator_table_with_baseline_and_target():
    def table_rows(fmt: str) -> dict[str, tuple]:
        b, _ = briefing("002", fmt)
        return {
            i.table: (i.name, i.unit, i.baseline and i.baseline.value.text, i.target and i.target.value.text)
            for i in b.indicators
            if (i.table or "").startswith("专栏2")
        }

    rows = table_rows("pdf")
    assert {label.split()[1] for label in rows} == {f"第{n}项" for n in range(1, 27)}
    assert rows == table_rows("txt")
    # Every figure the table prints is read: 20 rows print both years, the rest print "-" for one.
    assert sum(1 for *_, baseline, target in rows.values() if baseline and target) >= 20


def test_pdf_evidence_names_the_page_its_quote_is_on():
    b, text = briefing("002", "pdf")
    starts = read_document(INPUTS / "seed002.pdf").page_starts
    items = [item for field in LISTS for item in getattr(b, field)]
    assert items and all(item.evidence.page is not None for item in items)
    for item in items:
        page = item.evidence.page
        page_end = starts[page] if page < len(starts) else len(text)
        assert starts[page - 1] <= item.evidence.start < page_end
    assert len({item.evidence.page for item in items}) > 20  # spread over the document, not all on page 1


def test_a_pdf_from_another_producer_gives_the_items_too():
    """The portal page printed by Chromium: other fonts (its glyphs map to CJK Radicals Supplement forms such as
    人⺠ and 首⻚), other line breaks, and the page's navigation printed around the article."""
    source = read_document(INPUTS / "seed000-chromium.pdf")
    assert not any("\u2e80" <= c <= "\u2fdf" for c in source.text)  # every radical form made ordinary
    reference, _ = briefing("000", "txt")
    other = summarize_source(source, None)
    for field in LISTS:
        assert said(other, field) == said(reference, field), field
    assert_traceable(other, source.text)


def test_radical_forms_become_the_ordinary_characters_one_for_one():
    from summarizer.inputs.common import ordinary_forms

    assert ordinary_forms("人⺠政府 首⻚ 部⻔ ⼯作 ⽇报 ⻓沙 ⻅面") == "人民政府 首页 部门 工作 日报 长沙 见面"
