"""Stage 2, clean: undo PDF/newspaper layout and drop page furniture.

Output is one paragraph per line, with a map from every cleaned character back
to its offset in the text as read, so evidence found in cleaned text can be
reported in the coordinates of the original file. Pure functions, no model.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

# Characters after which a line break ends a sentence (or a heading/list item).
_SENTENCE_END = "。！？!?；;：:…”」』)）】"
_CJK = r"\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2014\u2026"
_CJK_CHAR = re.compile(f"[{_CJK}]")

_LEADER_DOTS = re.compile(r"(\.{6,}|…{3,}|·{6,}|\s\.{3,})\s*\d*\s*$")
_TOC_PAGE_NUMBER = re.compile(
    r"^\s*(第[一二三四五六七八九十百]+[章篇节]|[（(][一二三四五六七八九十]+[)）]).{2,60}\s{2,}\d{1,3}\s*$"
)
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d{9}|400[ -]?\d{3,4}[ -]?\d{3,4}|0\d{2,3}-\d{7,8})(?!\d)")
_BOILERPLATE = re.compile(
    r"扫一扫|扫描二维码|长按.{0,6}(识别|二维码|加)|关注公众号|版权声明|如需转载|转载请注明|"
    r"点击(阅读原文|蓝字)|责任编辑|来源：?公众号|分享到[:：]?|打印本页|关闭窗口|【字体"
)
_LIST_OR_HEADING_START = re.compile(
    r"^\s*(#{1,6}\s|[-*•·]\s|\*\*[^*]+\*\*\s*$|\d{1,2}[.、．](?!\d)|\d{1,2}[)）]|[（(][一二三四五六七八九十\d]+[)）]|"
    r"[一二三四五六七八九十]+、|第[一二三四五六七八九十百]+[章节篇]|专栏\s*\d|关键词|——|\|)"
)
_MARKDOWN_EMPHASIS = re.compile(r"\*\*|__")


@dataclass
class CleanText:
    """Cleaned text and, for each of its characters, the offset in the original."""

    text: str
    offsets: list[int]
    original_length: int
    skipped: list[tuple[int, int, str]] = field(default_factory=list)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a cleaned span [start, end) to the original span that covers it."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else self.original_length
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass
class _Line:
    text: str
    start: int  # offset of the line's first character in the original


_TAG = re.compile(r"<[^<>\n]{1,80}>")
_BLOCK_TAGS = re.compile(r"</?(?:p|div|br|h[1-6]|li|tr|td|center)\b", re.I)


def _split_lines(text: str) -> list[_Line]:
    """The text's lines with their offsets. A text file that holds an HTML fragment (a page stored as text,
    "<p>…</p><p>…</p>") has its paragraphs between tags: every tag ends a line and is left out, and a blank
    line after each piece keeps the pieces apart."""
    fragment = len(_BLOCK_TAGS.findall(text[:20000])) >= 6
    lines: list[_Line] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")
        if fragment and "<" in body:
            at = 0
            for m in [*_TAG.finditer(body), None]:
                end = m.start() if m else len(body)
                if body[at:end].strip():
                    lines += [_Line(body[at:end], pos + at), _Line("", pos + end)]
                at = m.end() if m else len(body)
        else:
            lines.append(_Line(body, pos))
        pos += len(raw)
    return lines


def _is_furniture(line: str, repeated_short: set[str]) -> str | None:
    """Why this line is page furniture, or None if it is content."""
    stripped = line.strip()
    if not stripped:
        return None
    if _LEADER_DOTS.search(stripped) or _TOC_PAGE_NUMBER.match(line):
        return "table-of-contents line"
    if _BOILERPLATE.search(stripped):
        return "boilerplate (share/QR/copyright)"
    if _PHONE.search(stripped) and len(stripped) < 120:
        return "contact numbers / advertisement"
    if re.search(r"(厂房土地租售|产业招商/|以便快速帮您对接|微信号|仅微信)", stripped):
        return "advertisement"
    if stripped in repeated_short:
        return "repeated layout word"
    return None


def _repeated_short_lines(lines: list[_Line]) -> set[str]:
    """Short lines repeated 3+ times that are layout words (报告点击, 连线场外), not table cells.

    A table repeats its unit and attribute cells (亿元, %, 预期性) too, but always next to
    a numeric cell; layout words never are.
    """
    texts = [line.text.strip() for line in lines if line.text.strip()]
    counts = Counter(t for t in texts if len(t) <= 8)
    candidates = {t for t, n in counts.items() if n >= 3 and not re.search(r"\d", t)}
    numeric = re.compile(r"^[≥≤＞＜>< ]*[\d.\-—:%％+]+$|^(?:预期性|约束性)$")
    for i, t in enumerate(texts):
        if t in candidates:
            # Two cells either side: a unit cell stands between a name and the attribute, then the values.
            neighbours = texts[max(0, i - 2) : i] + texts[i + 1 : i + 3]
            if any(numeric.match(n) for n in neighbours):
                candidates.discard(t)
    return candidates


def _joins_next(current: str, following: str) -> bool:
    """True if a line break between these two lines falls inside a sentence."""
    cur = current.rstrip()
    nxt = following.strip()
    if not cur or not nxt:
        return False
    if cur[-1] in _SENTENCE_END:
        return False
    if _LIST_OR_HEADING_START.match(current) or _LIST_OR_HEADING_START.match(following):
        return False
    # A short line with no punctuation that stands alone is a title, not a broken sentence,
    # unless the next line is indented (newspaper/magazine continuation).
    indented = following[:1] in (" ", "\u3000") or current[:1] in (" ", "\u3000")
    return not (len(cur) < 16 and not indented and not re.search(r"[,，、]", cur))


def _is_removable_space(prev: str, nxt: str) -> bool:
    # Chinese does not use spaces: a space next to a CJK character is a layout artifact.
    return bool(_CJK_CHAR.match(prev) or _CJK_CHAR.match(nxt))


def clean_text(original: str, lines_are_paragraphs: bool = False) -> CleanText:
    """Rejoin broken lines, drop furniture, remove layout spaces; keep the offset map.

    `lines_are_paragraphs`: the text came from a reader (PDF, Word, web page) that already wrote one
    paragraph per line, so a line without closing punctuation is a heading, not a broken sentence."""
    lines = _split_lines(original)
    repeated = _repeated_short_lines(lines)

    paragraphs: list[list[_Line]] = []
    skipped: list[tuple[int, int, str]] = []
    current: list[_Line] = []
    for i, line in enumerate(lines):
        reason = _is_furniture(line.text, repeated)
        if reason:
            skipped.append((line.start, line.start + len(line.text), reason))
            if current:
                paragraphs.append(current)
                current = []
            continue
        if not line.text.strip():
            if current:
                paragraphs.append(current)
                current = []
            continue
        current.append(line)
        following = lines[i + 1].text if i + 1 < len(lines) else ""
        if lines_are_paragraphs or not _joins_next(line.text, following):
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)

    emitted = [_emit_paragraph(para) for para in paragraphs]
    emitted = [p for p in emitted if p[0]]
    emitted = _drop_pull_quotes(emitted, skipped)

    chars: list[str] = []
    offsets: list[int] = []
    for para_chars, para_offsets in emitted:
        if chars:
            chars.append("\n")
            offsets.append(offsets[-1] + 1)
        chars.extend(para_chars)
        offsets.extend(para_offsets)

    text = "".join(chars)
    text, offsets = _drop_markdown_emphasis(text, offsets)
    return CleanText(text=text, offsets=offsets, original_length=len(original), skipped=skipped)


_PULL_QUOTE_REACH = 60  # paragraphs before and after


def _drop_pull_quotes(
    emitted: list[tuple[list[str], list[int]]], skipped: list[tuple[int, int, str]]
) -> list[tuple[list[str], list[int]]]:
    """Drop a short paragraph repeated verbatim inside a longer one nearby (magazine pull-quotes).

    A pull-quote sits on the same page as the text it repeats, so only the paragraphs
    within _PULL_QUOTE_REACH are searched: searching the whole document made a 20 MB
    file take eight minutes here.
    """
    texts = ["".join(c).replace("**", "") for c, _ in emitted]
    kept = []
    for i, (para_chars, para_offsets) in enumerate(emitted):
        text = texts[i]
        near = range(max(0, i - _PULL_QUOTE_REACH), min(len(texts), i + _PULL_QUOTE_REACH + 1))
        # Only whole sentences: a table cell or title may legitimately repeat prose.
        repeated = (
            12 <= len(text) <= 150
            and text[-1] in "。！？"
            and any(j != i and len(texts[j]) > len(text) and text.rstrip("。") in texts[j] for j in near)
        )
        if repeated:
            skipped.append((para_offsets[0], para_offsets[-1] + 1, "pull-quote repeating the body text"))
            continue
        kept.append((para_chars, para_offsets))
    return kept


def _emit_paragraph(para: list[_Line]) -> tuple[list[str], list[int]]:
    # Gather the paragraph's characters with their original offsets, then drop layout spaces.
    raw: list[tuple[str, int]] = []
    for line in para:
        for j, ch in enumerate(line.text):
            raw.append((ch, line.start + j))
        raw.append(("\n", line.start + len(line.text)))  # the line break, read as a space
    # Trim and collapse whitespace; remove it entirely next to CJK characters.
    kept: list[tuple[str, int]] = []
    for idx, (ch, pos) in enumerate(raw):
        if ch == "\ufffd":
            continue  # replacement char: the extractor lost text here
        if ch.isspace():
            if not kept or kept[-1][0] == " ":
                continue
            nxt = _next_non_space(raw, idx + 1)
            if not nxt or _is_removable_space(kept[-1][0], nxt):
                continue
            if ch == "\n" and kept[-1][0] in _NUMBER_CHARS and nxt in _NUMBER_CHARS + "%％‰":
                continue  # a number wrapped over two lines ("4" / ".5%") is one number
            kept.append((" ", pos))
            continue
        kept.append((ch, pos))
    while kept and kept[-1][0] == " ":
        kept.pop()
    return [ch for ch, _ in kept], [pos for _, pos in kept]


_NUMBER_CHARS = "0123456789０１２３４５６７８９.．"


def _next_non_space(raw: list[tuple[str, int]], start: int) -> str:
    for k in range(start, len(raw)):
        if not raw[k][0].isspace():
            return raw[k][0]
    return ""


def _drop_markdown_emphasis(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    if "**" not in text and "__" not in text:
        return text, offsets
    keep = [True] * len(text)
    for m in _MARKDOWN_EMPHASIS.finditer(text):
        for k in range(m.start(), m.end()):
            keep[k] = False
    kept_text = "".join(c for c, k in zip(text, keep, strict=True) if k)
    return kept_text, [o for o, k in zip(offsets, keep, strict=True) if k]
