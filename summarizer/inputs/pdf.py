"""PDF reader: the text layer in reading order, paragraphs rejoined, ruled tables as pipe tables.

pdfplumber (pdfminer.six underneath) gives characters with positions; everything else is rebuilt here from
geometry, because the PDFs that government portals publish carry no structure: lines are grouped from
characters, columns are found from the x positions of lines, page furniture is recognised by repeating in
the top and bottom bands, and paragraphs are rejoined from indentation and line ends.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfexceptions import PDFException, PSException
from pdfplumber.utils.exceptions import PdfminerException

from ..errors import InputError
from .common import Extracted, ordinary_forms, pipe_table

# pdfminer logs each font it cannot fully read ("Could not get FontBBox …"), hundreds of lines for one PDF;
# the text is extracted all the same, and the user's terminal is not the place for them.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

# Ideographs, CJK punctuation and full-width forms.
_CJK_CHARS = "\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_CJK = re.compile(f"[{_CJK_CHARS}]")
_LATIN = re.compile(r"[A-Za-z0-9]")
# Spaces the PDF puts between two Chinese characters (letter spacing, justified lines) are layout; a space
# the PDF draws between Chinese and Latin text ("关键词 1.") is kept as the document's own.
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK_CHARS}]) +(?=[{_CJK_CHARS}])")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~·\s]*\d{1,4}[-—–－~·\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$"
)
_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+[编篇章节条]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|专栏\s*\d+)"
)
_SENTENCE_END = "。！？：；!?:;"
# Top and bottom bands of a page where running headers, footers and page numbers sit.
_FURNITURE_BAND = 0.1
# Two characters closer than this (in font sizes) belong to one line piece; a wider gap is a column gutter.
_GUTTER = 1.8
_TITLE_MAX_CHARS = 40
# Ruled tables: LibreOffice and Word draw cell borders as lines or thin rectangles.
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3}


@dataclass
class _Line:
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str
    side: str = "full"  # "full", or "left"/"right" inside a two-column region


@dataclass
class _Table:
    page: int
    top: float
    bottom: float
    x_edges: list[float]
    rows: list[list[str]]
    title: str = ""
    row_pages: list[int] = field(default_factory=list)  # the page each row was printed on (continued tables)


@dataclass
class _Page:
    lines: list[_Line]
    tables: list[_Table]
    height: float


@dataclass
class _Paragraph:
    fragments: list[tuple[int, str]] = field(default_factory=list)  # (page, text) as read

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.fragments)


def extract_pdf(data: bytes, name: str) -> Extracted:
    """The text of a PDF in the reader convention (see `summarizer.inputs`)."""
    pages = _read_pages(data, name)
    if not any(page.lines or page.tables for page in pages):
        raise InputError(name, "the PDF has no text layer; run OCR first (it looks like a scan)")
    furniture = _furniture(pages)
    flow: list[_Line | _Table] = []
    for page in pages:
        kept = [line for line in page.lines if id(line) not in furniture]
        flow += _reading_order(kept, page.tables)
    return _assemble(flow, len(pages))


def _read_pages(data: bytes, name: str) -> list[_Page]:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = []
            for number, page in enumerate(pdf.pages):
                pages.append(_read_page(page, number))
                page.close()  # frees the page's parsed objects: memory stays flat on long documents
            return pages
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        raise _refusal(name, cause) from error
    except (PDFException, PSException) as error:
        raise _refusal(name, error) from error


def _refusal(name: str, cause: object) -> InputError:
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return InputError(name, "the PDF is encrypted; save an unprotected copy (or remove the password) and retry")
    detail = str(cause) or type(cause).__name__
    return InputError(name, f"the PDF is damaged or not a PDF ({detail})")


def _read_page(page: pdfplumber.page.Page, number: int) -> _Page:
    tables: list[_Table] = []
    boxes: list[tuple[float, float, float, float]] = []
    if page.edges:  # only pages with drawn lines can hold ruled tables; skips the cost elsewhere
        for found in page.find_tables(_TABLE_SETTINGS):
            rows = [[_clean_cell(cell) for cell in row] for row in found.extract()]
            if len(rows) < 2 or max(len(row) for row in rows) < 2:
                continue  # a framed paragraph, not a table
            _, top, _, bottom = found.bbox
            boxes.append(found.bbox)
            x_edges = sorted({round(cell[0]) for cell in found.cells} | {round(cell[2]) for cell in found.cells})
            tables.append(_Table(number, top, bottom, x_edges, rows, row_pages=[number] * len(rows)))
    chars = [c for c in page.chars if not any(_inside(c, box) for box in boxes)]
    return _Page(_lines(chars, number), tables, float(page.height))


def _inside(char: dict, box: tuple[float, float, float, float]) -> bool:
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _clean_cell(cell: str | None) -> str:
    return _tidy_spaces(cell or "")


def _tidy_spaces(text: str) -> str:
    return _SPACE_BETWEEN_CJK.sub("", re.sub(r"[ \u00a0]+", " ", text))


def _lines(chars: list[dict], page: int) -> list[_Line]:
    """Characters grouped into lines by their vertical position, each line split at wide gaps (gutters)."""
    rows: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        size = char["size"] or 1
        row = next((r for r in reversed(rows[-3:]) if abs(r[0]["top"] - char["top"]) <= size * 0.4), None)
        if row is None:
            rows.append([char])
        else:
            row.append(char)
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        piece: list[dict] = []
        for char in row:
            if piece and char["x0"] - piece[-1]["x1"] > _GUTTER * max(char["size"], 1):
                lines.append(_line(piece, page))
                piece = []
            piece.append(char)
        lines.append(_line(piece, page))
    return [line for line in lines if line.text]


def _line(chars: list[dict], page: int) -> _Line:
    text = ""
    previous = None
    for char in chars:
        glyph = char["text"]
        if previous is not None and glyph != " " and not text.endswith(" "):
            gap = char["x0"] - previous["x1"]
            # A visible gap between two Latin characters is a word space that was not drawn as a glyph.
            if gap > 0.2 * max(char["size"], 1) and not _CJK.match(glyph) and not _CJK.match(previous["text"]):
                text += " "
        text += glyph
        previous = char
    printed = [c for c in chars if c["text"].strip()]
    return _Line(
        page=page,
        x0=min((c["x0"] for c in printed), default=chars[0]["x0"]),
        x1=max((c["x1"] for c in printed), default=chars[-1]["x1"]),
        top=min(c["top"] for c in chars),
        bottom=max(c["bottom"] for c in chars),
        size=median(c["size"] for c in printed) if printed else chars[0]["size"],
        text=_tidy_spaces(text).strip(),
    )


def _furniture(pages: list[_Page]) -> set[int]:
    """Ids of lines that are page furniture: page numbers, and lines in the top or bottom band that repeat
    on other pages (digits ignored, so "2021年第3期" on every page counts as one)."""
    in_band = [
        line
        for page in pages
        for line in page.lines
        if line.bottom <= page.height * _FURNITURE_BAND or line.top >= page.height * (1 - _FURNITURE_BAND)
    ]
    counts = Counter(_furniture_key(line.text) for line in in_band)
    repeated = {key for key, count in counts.items() if count >= 2 and len(pages) >= 2}
    return {
        id(line) for line in in_band if _PAGE_NUMBER.match(line.text.strip()) or _furniture_key(line.text) in repeated
    }


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "0", re.sub(r"\s+", "", text))


def _reading_order(lines: list[_Line], tables: list[_Table]) -> list[_Line | _Table]:
    """A page's lines and tables in reading order: top to bottom, except that inside a two-column region
    (lines that stay on one side of the page's middle) the left column is read before the right."""
    if not lines:
        return sorted(tables, key=lambda t: t.top)
    middle = (min(line.x0 for line in lines) + max(line.x1 for line in lines)) / 2
    for line in lines:
        margin = line.size * 0.5
        line.side = "left" if line.x1 < middle - margin else "right" if line.x0 > middle + margin else "full"
    items: list[_Line | _Table] = sorted([*lines, *tables], key=lambda item: item.top)
    ordered: list[_Line | _Table] = []
    region: list[_Line] = []

    def close_region() -> None:
        left = [line for line in region if line.side == "left"]
        right = [line for line in region if line.side == "right"]
        if len(left) >= 2 and len(right) >= 2:
            ordered.extend(left + right)
        else:
            for line in region:
                line.side = "full"  # a short line or a right-aligned date, not a column
            ordered.extend(region)
        region.clear()

    for item in items:
        if isinstance(item, _Line) and item.side != "full":
            region.append(item)
            continue
        close_region()
        ordered.append(item)
    close_region()
    return ordered


def _margins(lines: list[_Line]) -> dict[tuple[int, str], tuple[float, float]]:
    """Left and right text edges of each column kind, the commonest edges over the document (justified
    lines and continuation lines share them; indented and last lines do not)."""
    edges: dict[str, tuple[Counter, Counter]] = {}
    for line in lines:
        starts, ends = edges.setdefault(line.side, (Counter(), Counter()))
        starts[round(line.x0)] += 1
        ends[round(line.x1)] += 1
    common = {}
    for side, (starts, ends) in edges.items():
        left = min(x for x, n in starts.items() if n >= max(starts.values()) / 3)
        right = max(x for x, n in ends.items() if n >= max(ends.values()) / 3)
        common[side] = (float(left), float(right))
    return {(line.page, line.side): common[line.side] for line in lines}


def _assemble(flow: list[_Line | _Table], page_count: int) -> Extracted:
    lines = [item for item in flow if isinstance(item, _Line)]
    margins = _margins(lines)
    uses_indent = sum(1 for line in lines if line.x0 - margins[(line.page, line.side)][0] > 1.2 * line.size) >= 2
    blocks: list[_Paragraph | _Table] = []
    previous: _Line | _Table | None = None
    for item in flow:
        if isinstance(item, _Table):
            _add_table(blocks, item, previous)
        elif isinstance(previous, _Line) and blocks and isinstance(blocks[-1], _Paragraph):
            if _starts_paragraph(item, previous, margins, uses_indent):
                blocks.append(_Paragraph([(item.page, item.text)]))
            else:
                blocks[-1].fragments.append((item.page, _joiner(blocks[-1].text, item.text) + item.text))
        else:
            blocks.append(_Paragraph([(item.page, item.text)]))
        previous = item
    return _render(blocks, page_count)


def _starts_paragraph(
    line: _Line, previous: _Line, margins: dict[tuple[int, str], tuple[float, float]], uses_indent: bool
) -> bool:
    left, _ = margins[(line.page, line.side)]
    _, previous_right = margins[(previous.page, previous.side)]
    if line.x0 - left > 1.2 * line.size:  # Chinese paragraphs open with a two-character indent
        return True
    if previous_right - previous.x1 > 2 * previous.size:  # the previous line stopped short: its paragraph ended
        return True
    if _HEADING.match(line.text) or abs(line.size - previous.size) > 0.15 * previous.size:
        return True
    same_column = line.page == previous.page and line.side == previous.side and line.top > previous.top
    if same_column and line.top - previous.bottom > 1.2 * line.size:  # paragraph spacing
        return True
    # Without indentation the only sign left is a line that ends a sentence.
    return not uses_indent and previous.text.endswith(tuple(_SENTENCE_END))


def _joiner(before: str, after: str) -> str:
    # A line break between two Latin words or numbers was a space; between Chinese characters it was nothing.
    return " " if before and after and _LATIN.match(before[-1]) and _LATIN.match(after[0]) else ""


def _add_table(blocks: list[_Paragraph | _Table], table: _Table, previous: _Line | _Table | None) -> None:
    last = blocks[-1] if blocks else None
    if isinstance(last, _Table) and isinstance(previous, _Table) and _continues(last, table):
        rows = _continuation_rows(last, table)
        last.rows += rows
        last.row_pages += [table.page] * len(rows)
        return
    # The short paragraph just above a table is its title (专栏2:…, 表1 …).
    if isinstance(last, _Paragraph) and isinstance(previous, _Line):
        title = last.text
        near = previous.page != table.page or table.top - previous.bottom < 3 * previous.size
        if near and len(title) <= _TITLE_MAX_CHARS and not title.endswith(tuple(_SENTENCE_END)):
            blocks.pop()
            table.title = title
    blocks.append(table)


def _continues(first: _Table, second: _Table) -> bool:
    """A table that opens a page continues the one that closed the previous page: its header row repeats,
    or its columns sit at the same x positions."""
    if second.page != first.row_pages[-1] + 1:
        return False
    if second.rows[0] == first.rows[0]:
        return True
    same_width = max(map(len, first.rows)) == max(map(len, second.rows))
    same_columns = len(first.x_edges) == len(second.x_edges) and all(
        abs(a - b) <= 2 for a, b in zip(first.x_edges, second.x_edges, strict=True)
    )
    return same_width and same_columns


def _continuation_rows(first: _Table, second: _Table) -> list[list[str]]:
    rows = list(second.rows)
    header_rows = 0
    while header_rows < len(rows) and header_rows < len(first.rows) and rows[header_rows] == first.rows[header_rows]:
        header_rows += 1
    rows = rows[header_rows:]
    # A row the page break cut in two: its second part fills only cells the first part fills, and few of them.
    if rows and first.rows:
        tail, head = first.rows[-1], rows[0]
        filled = {i for i, cell in enumerate(head) if cell}
        tail_filled = {i for i, cell in enumerate(tail) if cell}
        if filled and 0 not in filled and filled <= tail_filled and len(filled) <= max(1, len(tail_filled) // 3):
            first.rows[-1] = [a + b for a, b in zip(tail, head + [""] * (len(tail) - len(head)), strict=False)]
            rows = rows[1:]
    return rows


def _render(blocks: list[_Paragraph | _Table], page_count: int) -> Extracted:
    parts: list[str] = []
    length = 0
    page_starts: dict[int, int] = {}
    for block in blocks:
        if isinstance(block, _Table):
            printed = [(page, row) for page, row in zip(block.row_pages, block.rows, strict=True) if any(row)]
            rows: list[list[str | None]] = [list(row) for _, row in printed]
            text = pipe_table(rows, block.title)
            # Where each row's line starts: pipe_table writes a blank line, the title, the header, the separator.
            row_line = 2 if block.title.strip() else 1
            line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
            for index, (page, _) in enumerate(printed):
                page_starts.setdefault(page, length + line_starts[row_line + index + (index > 0)])
        else:
            text = ""
            for page, fragment in block.fragments:
                page_starts.setdefault(page, length + len(text))
                text += fragment
            text += "\n"
        text = ordinary_forms(text)
        parts.append(text)
        length += len(text)
    starts = []
    for page in range(page_count):  # a page with no text starts where the next text does
        starts.append(page_starts.get(page, -1))
    for page in reversed(range(page_count)):
        if starts[page] < 0:
            starts[page] = starts[page + 1] if page + 1 < page_count else length
    return Extracted(text="".join(parts), page_starts=starts)
