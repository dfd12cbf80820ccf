"""The PDF reader on PDFs that LibreOffice printed from the seeds (tests/fixtures/inputs, see make_inputs.py):
what a user relies on is that the text, the tables and the offsets are those of the document, not of its layout."""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
from conftest import seed_path

from summarizer.clean import clean_text
from summarizer.errors import InputError
from summarizer.inputs.common import Extracted
from summarizer.inputs.pdf import extract_pdf
from summarizer.tables import find_tables

INPUTS = Path(__file__).resolve().parent / "fixtures" / "inputs"
sys.path.insert(0, str(INPUTS))
import make_inputs  # noqa: E402  (the fixture script knows each fixture's running header and table layout)

SEEDS = ["000", "001", "002", "003", "004"]
_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"


@cache
def extracted(seed: str) -> Extracted:
    path = INPUTS / f"seed{seed}.pdf"
    return extract_pdf(path.read_bytes(), path.name)


def _zhuanlan2_rows(text: str) -> dict[str, tuple]:
    tables, _ = find_tables(clean_text(text))
    table = next(t for t in tables if t.title.startswith("专栏2"))
    return {
        i.name: (
            i.baseline.value.number if i.baseline else None,
            i.target.value.number if i.target else None,
            i.unit,
            re.search(r"第\d+项$", i.table or "") is not None,  # a numbered row, not a sub-row
        )
        for i in table.indicators
    }


def test_seed002_zhuanlan2_rows_are_those_of_the_text_dump() -> None:
    expected = _zhuanlan2_rows(seed_path("002").read_text(encoding="utf-8"))
    # The 26 numbered rows (sub-rows like 城镇(元) are named after their parent only on the text-dump path).
    numbered = [name for name, indicator in expected.items() if indicator[3]]
    assert len(numbered) == 26
    got = _zhuanlan2_rows(extracted("002").text)
    assert {name: got.get(name, ())[:3] for name in numbered} == {name: expected[name][:3] for name in numbered}


def test_a_table_broken_across_pages_is_one_table_with_its_title() -> None:
    text = extracted("002").text
    lines = text.split("\n")
    title_at = lines.index("专栏2:湘乡市“十四五”社会经济发展主要指标")
    assert lines[title_at + 1] == "| 序号 | 指标名称 | 单位 | 2020 | 2025 | 属性 |"
    assert text.count("| 序号 | 指标名称 | 单位 | 2020 | 2025 | 属性 |") == 1  # the repeated header row dropped
    # The row the page break cut in two ("研发经费投入增" | "长率") is one row again.
    assert "| 9 | 研发经费投入增长率 | % | 12.0 | 12.5 | 预期性 |" in lines


@pytest.mark.parametrize("seed", SEEDS)
def test_page_furniture_is_dropped(seed: str) -> None:
    text = extracted(seed).text
    header, _ = make_inputs.RUNNING_HEADERS[int(seed)]
    assert header not in text
    assert not re.search(r"^\s*[-—]\s*\d+\s*[-—]\s*$", text, flags=re.MULTILINE)
    assert not re.search(r"[-—] \d+ [-—]", text)


def test_two_columns_read_left_column_before_right() -> None:
    with pdfplumber.open(INPUTS / "seed001.pdf") as pdf:
        for page in pdf.pages:
            middle = page.width / 2
            lines = page.extract_text_lines()
            left = [line for line in lines if line["x1"] < middle and len(line["text"]) > 10]
            right = [line for line in lines if line["x0"] > middle and len(line["text"]) > 10]
            if len(left) > 3 and len(right) > 3:
                break
        else:
            pytest.fail("the fixture has no two-column page")
    text = extracted("001").text.replace("\n", "")
    left_at = text.find(re.sub(r"\s", "", left[-1]["text"]))  # the left column's last line …
    right_at = text.find(re.sub(r"\s", "", right[0]["text"]))  # … comes before the right column's first
    assert 0 <= left_at < right_at


def test_kangxi_radicals_read_as_ordinary_characters() -> None:
    with pdfplumber.open(INPUTS / "seed003.pdf") as pdf:
        layer = "".join(char["text"] for page in pdf.pages for char in page.chars)
    assert "\u2f2f" in layer and "\u2f47" in layer and "\u2f08" in layer  # the text layer really carries them
    text = extracted("003").text
    assert not re.search(r"[\u2e80-\u2fdf]", text)
    assert "工" in text and "日" in text and "人" in text
    assert not re.search(r"[\u2e80-\u2fdf]", extracted("004").text)  # and the plain PDF stays plain


@pytest.mark.parametrize("seed", SEEDS)
def test_no_space_between_chinese_characters(seed: str) -> None:
    assert not re.search(f"[{_CJK}][ \t\u00a0]+[{_CJK}]", extracted(seed).text)


def paragraph_recall(seed: str) -> tuple[int, int]:
    """How many of the seed's paragraphs (lines longer than 20 characters outside tables) are one line of
    the extracted text, spaces and Markdown markers aside."""
    blocks = make_inputs.seed_blocks(seed_path(seed).read_text(encoding="utf-8"))
    wanted = [re.sub(r"[\s*#]", "", block) for block in blocks if isinstance(block, str)]
    wanted = [line for line in wanted if len(line) > 20]
    lines = "\n".join(re.sub(r"\s", "", line) for line in extracted(seed).text.split("\n"))
    return sum(line in lines for line in wanted), len(wanted)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_seed_paragraphs_are_in_the_text(seed: str) -> None:
    found, total = paragraph_recall(seed)
    assert found >= 0.95 * total, f"{found}/{total} paragraphs"


@pytest.mark.parametrize("seed", SEEDS)
def test_page_starts_are_one_per_page_and_increasing(seed: str) -> None:
    result = extracted(seed)
    with pdfplumber.open(INPUTS / f"seed{seed}.pdf") as pdf:
        assert len(result.page_starts) == len(pdf.pages)
    assert result.page_starts[0] == 0
    assert all(a < b for a, b in zip(result.page_starts, result.page_starts[1:], strict=False))
    assert result.page_starts[-1] < len(result.text)


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("scanned.pdf", "no text layer; run OCR first"),
        ("encrypted.pdf", "the PDF is encrypted; "),
        ("damaged.pdf", "the PDF is damaged or not a PDF ("),
        ("legacy.doc", "the PDF is damaged or not a PDF ("),
    ],
)
def test_unreadable_files_are_refused_in_one_line(fixture: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        extract_pdf((INPUTS / fixture).read_bytes(), fixture)
    assert message in str(raised.value)
    assert str(raised.value).startswith(f"{fixture}: ")
    assert "\n" not in str(raised.value)
