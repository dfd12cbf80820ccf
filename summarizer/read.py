"""Stage 1, read: bytes on disk to the document text, with its encoding.

The text returned here is the coordinate system for all evidence offsets.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

_BINARY_MAGIC = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (docx/xlsx?)",
    b"\xd0\xcf\x11\xe0": "an OLE file (doc/xls?)",
    b"\x7fELF": "an executable",
}


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
    sha256: str


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode document bytes; return (text, encoding). Raises InputError."""
    if not data:
        raise InputError(name, "the file is empty")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(name, f"this is {what}, not text; convert it to .txt or .md first")
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
    """Read a .txt/.md document. Raises InputError naming the file."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError(name, "no such file")
    if p.is_dir():
        raise InputError(name, "is a directory, not a file")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(
                name, f"the file is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:.0f} MB limit (--max-mb)"
            )
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot read the file ({exc.strerror or exc})") from exc
    return source_from_bytes(data, name)


def source_from_bytes(data: bytes, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    if len(data) > max_bytes:
        raise InputError(
            name, f"the input is {len(data) / 1048576:.1f} MB, over the {max_bytes / 1048576:.0f} MB limit (--max-mb)"
        )
    text, encoding = decode_bytes(data, name)
    if not text.strip():
        raise InputError(name, "the file holds only whitespace")
    if "\x00" in text:
        raise InputError(name, "the text contains NUL characters; it looks binary, not text")
    found = len(_CHINESE.findall(text, 0, 100_000))
    if found < MIN_CHINESE_CHARS:
        raise InputError(
            name, f"no Chinese text ({found} Chinese characters); summarizer reads Chinese government documents"
        )
    return SourceText(path=name, text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest())
