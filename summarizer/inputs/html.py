"""Web pages (a saved government page, a WeChat article) through trafilatura: the main text, tables kept,
navigation and footers dropped, in the encoding the page declares."""

from __future__ import annotations

import codecs
import re

from ..errors import InputError
from .common import Extracted, ordinary_forms

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
# GB2312 and GBK pages often use characters only GB18030 names; it decodes all three.
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}


def decode_page(data: bytes, name: str) -> tuple[str, str]:
    """The page as text, and the encoding used: a BOM, else the declared charset, else UTF-8, else GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    declared = _DECLARED.search(data[:4096])
    if declared:
        label = declared.group(1).decode("ascii").lower()
        encoding = _WIDER.get(label, label)
        try:
            return data.decode(encoding), label
        except LookupError:
            pass  # an unknown label: fall through to guessing
        except UnicodeDecodeError as exc:
            raise InputError(name, f"the page declares {label} but is not valid {label} at byte {exc.start}") from exc
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise InputError(name, "cannot decode the page as its declared charset, UTF-8 or GB18030")


def extract_html(data: bytes, name: str) -> Extracted:
    import trafilatura

    page, _ = decode_page(data, name)
    page = _unwrap_layout_tables(page)
    result = trafilatura.bare_extraction(
        page, include_tables=True, include_comments=False, favor_recall=True, output_format="python", with_metadata=True
    )
    body = (result.text if result is not None else "") or ""
    if not body.strip():
        raise InputError(name, "no article text found in the page (only navigation or scripts)")
    title = (result.title or "").strip() if result is not None else ""
    lines = [line.strip() for line in body.splitlines()]
    if title and not any(title in line for line in lines[:3]):
        lines.insert(0, title)  # the article's heading sits in <h1>, which the body text leaves out
    return Extracted(ordinary_forms(_spaced_tables("\n".join(line for line in lines if line) + "\n")))


def _unwrap_layout_tables(page: str) -> str:
    """A table used for layout (a portal puts the whole article in one cell, its paragraphs as <p>) is not a
    table: its cells' content replaces it, so the paragraphs stay paragraphs. A data table's cells are short."""
    if "<table" not in page.lower():
        return page
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(page)
    except (ValueError, lxml_html.etree.ParserError):
        return page
    changed = False
    for _ in range(6):  # inner tables first, then the ones that held them
        if not _unwrap_pass(root):
            break
        changed = True
    return lxml_html.tostring(root, encoding="unicode") if changed else page


def _unwrap_pass(root) -> bool:  # type: ignore[no-untyped-def]
    from lxml import html as lxml_html

    changed = False
    for table in root.xpath("//table"):
        cells = table.xpath(".//td|.//th")
        if not any(len(cell.text_content()) > 200 or cell.xpath(".//p|.//div") for cell in cells):
            continue
        inner_tables = table.xpath(".//table")
        if any(len(t.xpath(".//td[string-length(normalize-space()) > 200]")) for t in inner_tables):
            continue  # an outer layout table: its inner one is unwrapped on its own turn
        block = lxml_html.Element("div")
        for cell in cells:
            if cell.xpath("ancestor::table[1]")[0] is not table:
                continue
            # Its text, a paragraph a line: the page's own line breaks (or <p>, <br>) separate them.
            for br in cell.xpath(".//br|.//p|.//div"):
                br.tail = "\n" + (br.tail or "")
            for line in cell.text_content().split("\n"):
                if line.strip():
                    paragraph = lxml_html.Element("p")
                    paragraph.text = line.strip()
                    block.append(paragraph)
        block.tail = table.tail
        table.getparent().replace(table, block)
        changed = True
    return changed


def _spaced_tables(text: str) -> str:
    """A blank line around each run of pipe rows, as the other readers write tables."""
    out: list[str] = []
    in_table = False
    for line in text.split("\n"):
        row = line.startswith("|")
        if row != in_table and out and out[-1] != "":
            out.append("")
        out.append(line)
        in_table = row
    return "\n".join(out)
