"""Word (.docx) through python-docx: paragraphs and tables in body order."""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import InputError
from .common import Extracted, ordinary_forms, pipe_table

# A heading that carries its own marker (第一章, 一、, (一), 1.) is found by the segment stage as it is; one
# that has only its Word style (发展环境 in "Heading 2") gets the Markdown marker of its level.
_MARKED_HEADING = re.compile(
    r"^(第[一二三四五六七八九十百零〇两\d]+[篇章节]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.．、](?!\d)|专栏)"
)
_HEADING_STYLE = re.compile(r"^(?:Heading|标题)\s*(\d)$", re.IGNORECASE)


def extract_docx(data: bytes, name: str) -> Extracted:
    """The text of a .docx file: a paragraph per line, tables as pipe rows where they stand."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(name, f"the Word file is damaged or not a .docx ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # lxml's XMLSyntaxError and the like: a corrupt part inside the zip
        raise InputError(name, f"the Word file is damaged ({type(exc).__name__}: {exc})") from exc

    parts: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            line = _one_line(paragraph.text)
            if line:
                parts.append(_heading_marker(paragraph, line) + line + "\n")
        elif tag == "tbl":
            parts.append(pipe_table(_table_rows(Table(child, document))))
    return Extracted(ordinary_forms("".join(parts)))


def _heading_marker(paragraph: object, line: str) -> str:
    try:
        style = paragraph.style.name if paragraph.style is not None else ""  # type: ignore[attr-defined]
    except (KeyError, ValueError):  # a style the file names but does not define
        style = ""
    m = _HEADING_STYLE.match(style or "")
    if not m or _MARKED_HEADING.match(line):
        return ""
    return "#" * min(int(m.group(1)), 3) + " "


def _one_line(text: str) -> str:
    # A paragraph's soft line breaks (Shift+Enter) are layout, not paragraph ends.
    return "".join(part.strip() for part in text.splitlines()).strip()


def _table_rows(table: object) -> list[list[str | None]]:
    """Cell texts row by row. A cell merged across columns is one cell: its text stands in its first column
    only, so a category row (一、经济发展 across the table) keeps its other columns empty, as printed."""
    rows: list[list[str | None]] = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str | None] = []
        previous = None
        for cell in row.cells:
            cells.append(None if cell._tc is previous else "\n".join(p.text for p in cell.paragraphs))
            previous = cell._tc
        rows.append(cells)
    return rows
