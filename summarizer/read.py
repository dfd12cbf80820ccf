"""Stage 1, read: bytes on disk to the document text, with its encoding.

Plain text (.txt, .md) is decoded as it is; PDF, Word (.docx) and web pages (.html) go
through their readers in `inputs/`, which write one text convention. The text returned
here is the coordinate system for all evidence offsets.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .inputs.common import Extracted

_BINARY_MAGIC = {
    b"\x89PNG": "this is a PNG image, not a document; run OCR on it first",
    b"\xff\xd8\xff": "this is a JPEG image, not a document; run OCR on it first",
    b"GIF8": "this is a GIF image, not a document",
    b"PK\x03\x04": "this is a ZIP archive but not a Word .docx (a spreadsheet or presentation?)",
    b"\x7fELF": "this is an executable, not a document",
}
_PDF = b"%PDF"
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # legacy Word (.doc), WPS (.wps) and Excel (.xls) files
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta)\b", re.IGNORECASE | re.DOTALL)
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
# A PDF or Word file is mostly fonts and images: its text is what the text limit applies to.
BINARY_LIMIT_FACTOR = 20


# Larger files are refused rather than started: on a CPU model a 5 MB plan outline is
# already thousands of calls. Raise it with --max-mb when the model is fast.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

# Fewer Chinese characters than this and there is nothing for the prompts to read: an
# English memo or a data dump would only cost model calls and give an empty briefing.
MIN_CHINESE_CHARS = 10
_CHINESE = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")


@dataclass(frozen=True)
class SourceText:
    path: str
    text: str
    encoding: str
    sha256: str  # of the file's bytes
    format: str = "text"  # text, pdf, docx or html
    # Offsets in `text` where each page begins (PDF); empty for formats without pages.
    page_starts: tuple[int, ...] = ()

    @property
    def extracted(self) -> bool:
        """The text was extracted from a PDF, Word file or web page, so it is not the file's bytes."""
        return self.format != "text"

    @property
    def text_sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode document bytes; return (text, encoding). Raises InputError."""
    if not data:
        raise InputError(name, "the file is empty")
    for magic, reason in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(name, reason)
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name), "utf-16"
    utf16 = _guess_bomless_utf16(data)
    if utf16:
        return _strict(data, utf16, name), utf16
    if b"\x00" in data:
        raise InputError(name, "the file contains NUL bytes; it looks binary, not text")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise InputError(name, "cannot decode the text as UTF-8, GB18030/GBK or UTF-16")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(name, f"not valid {encoding} at byte {exc.start}") from exc


def _guess_bomless_utf16(data: bytes) -> str | None:
    # UTF-16 text without a BOM: ASCII and CJK punctuation give many zero bytes on one parity.
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_zeros > 0.3 * half and even_zeros < 0.05 * half:
        return "utf-16-le"
    if even_zeros > 0.3 * half and odd_zeros < 0.05 * half:
        return "utf-16-be"
    return None


def read_document(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read a document: .txt/.md, PDF, Word (.docx) or a web page. Raises InputError naming the file."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError(name, "no such file")
    if p.is_dir():
        raise InputError(name, "is a directory, not a file")
    try:
        size = p.stat().st_size
        if size > max_bytes * BINARY_LIMIT_FACTOR:
            raise InputError(
                name, f"the file is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:.0f} MB limit (--max-mb)"
            )
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot read the file ({exc.strerror or exc})") from exc
    return source_from_bytes(data, name, max_bytes, suffix=p.suffix.lower())


def document_format(data: bytes, suffix: str = "") -> str:
    """text, pdf, docx, html, or legacy (.doc/.wps): from the bytes first, the file name second."""
    if data.startswith(_PDF):
        return "pdf"
    if data.startswith(_OLE):
        return "legacy"
    if data.startswith(_ZIP) and b"word/" in data[:65536]:  # a .docx names its word/document.xml part early
        return "docx"
    if suffix in HTML_SUFFIXES or _HTML_START.match(data[:2048].removeprefix(codecs.BOM_UTF8)):
        return "html"
    return "text"


def source_from_bytes(data: bytes, name: str, max_bytes: int = DEFAULT_MAX_BYTES, suffix: str = "") -> SourceText:
    kind = document_format(data, suffix)
    if kind == "legacy":
        what = "a WPS file (.wps)" if suffix == ".wps" else "a legacy Word file (.doc)"
        raise InputError(
            name,
            f"this is {what}, which summarizer cannot read; save it as .docx "
            "(or: libreoffice --headless --convert-to docx FILE)",
        )
    if kind == "text":
        if len(data) > max_bytes:
            raise InputError(
                name,
                f"the {'input' if name == '<stdin>' else 'file'} is {len(data) / 1048576:.1f} MB, "
                f"over the {max_bytes / 1048576:.0f} MB limit (--max-mb)",
            )
        text, encoding = decode_bytes(data, name)
        page_starts: tuple[int, ...] = ()
    else:
        extracted = _extract(kind, data, name)
        text, encoding, page_starts = extracted.text, kind, tuple(extracted.page_starts)
        if len(text.encode("utf-8")) > max_bytes:
            raise InputError(name, f"its text is over the {max_bytes / 1048576:.0f} MB limit (--max-mb)")
    if not text.strip():
        raise InputError(name, "the file holds only whitespace" if kind == "text" else "no text found in the file")
    if "\x00" in text:
        raise InputError(name, "the text contains NUL characters; it looks binary, not text")
    found = len(_CHINESE.findall(text, 0, 100_000))
    if found < MIN_CHINESE_CHARS:
        raise InputError(
            name, f"no Chinese text ({found} Chinese characters); summarizer reads Chinese government documents"
        )
    return SourceText(
        path=name,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        format=kind,
        page_starts=page_starts,
    )


def _extract(kind: str, data: bytes, name: str) -> Extracted:
    if kind == "pdf":
        from .inputs.pdf import extract_pdf

        return extract_pdf(data, name)
    if kind == "docx":
        from .inputs.docx import extract_docx

        return extract_docx(data, name)
    from .inputs.html import extract_html

    return extract_html(data, name)
