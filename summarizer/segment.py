"""Stage 3, segment: cleaned text to sections (with heading paths) and chunks.

Works on the cleaned text (one paragraph per line). Offsets here are cleaned
offsets; `CleanText.to_original` maps them back. Pure functions, no model.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_CN_NUM = "一二三四五六七八九十百零〇"

# (level, pattern); lower level = higher in the hierarchy.
_HEADING_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(r"^#\s*(?!#)\S")),
    (1, re.compile(rf"^第[{_CN_NUM}]+[篇章]")),
    (2, re.compile(r"^##\s*(?!#)\S")),
    (2, re.compile(rf"^第[{_CN_NUM}]+节")),
    (2, re.compile(rf"^[{_CN_NUM}]+、")),
    (2, re.compile(r"^关键词")),
    # A work report's parts, printed without a number ("2030年工作回顾", "2031年工作安排"): the top level, so
    # the numbered headings under them ("一、…") nest inside.
    (
        1,
        re.compile(
            r"^(?:(?:19|20)\d\d年|[“\"]?十[一二三四五六]五[”\"]?(?:时期)?)[^，。,；;]{0,12}(?:回顾|工作任务|工作安排|主要任务|重点工作)$"
        ),
    ),
    (2, re.compile(r"^【[^】]{2,16}】$")),
    (3, re.compile(r"^###+\s*\S")),
    (3, re.compile(rf"^[（(][{_CN_NUM}]+[)）]")),
    (3, re.compile(r"^专栏\s*\d+")),
    (4, re.compile(r"^\d{1,2}[.．、](?!\d)")),
    (5, re.compile(r"^\d{1,2}[)）]")),
]
_HEADING_MAX_CHARS = 40
_SENTENCE_END = re.compile(r"[。！？!?；;]")


@dataclass(frozen=True)
class Section:
    heading_path: tuple[str, ...]
    start: int  # cleaned offsets
    end: int

    @property
    def path_text(self) -> str:
        return " > ".join(self.heading_path)


@dataclass(frozen=True)
class Chunk:
    index: int
    start: int  # cleaned offsets
    end: int
    text: str
    section: str  # heading path, " > "-joined


def heading_level(line: str) -> int | None:
    """The heading level of a paragraph that opens with a heading marker, else None."""
    stripped = line.strip()
    for level, pattern in _HEADING_PATTERNS:
        if pattern.match(stripped):
            return level
    return None


def heading_title(line: str) -> str:
    """The heading of a paragraph: the whole line if short, else its first sentence."""
    stripped = line.strip().lstrip("#").strip()
    if len(stripped) <= _HEADING_MAX_CHARS:
        return stripped
    m = _SENTENCE_END.search(stripped)
    first = stripped[: m.start()] if m and m.start() <= _HEADING_MAX_CHARS else stripped[:_HEADING_MAX_CHARS] + "…"
    return first


def split_sections(text: str, skip: list[tuple[int, int]] | None = None) -> list[Section]:
    """Split cleaned text into sections at heading paragraphs.

    Lines inside `skip` spans (rebuilt tables) never open a heading: their category
    rows ("二、结构调整(4项)") look like headings but belong to the table.
    """
    skip = skip or []
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    sec_start = 0
    path: tuple[str, ...] = ()
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        level = heading_level(line)
        if level is None or any(a < line_start < b for a, b in skip):
            continue
        if line_start > sec_start:
            sections.append(Section(path, sec_start, line_start))
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, heading_title(line)))
        path = tuple(title for _, title in stack)
        sec_start = line_start
    if sec_start < len(text):
        sections.append(Section(path, sec_start, len(text)))
    return [s for s in sections if text[s.start : s.end].strip()]


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans in text[start:end], split after 。！？；, line breaks and list items."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    s = start
    for i in range(start, end):
        ch = text[i]
        if ch == "\n":
            if i > s:
                spans.append((s, i))
            s = i + 1
        elif _SENTENCE_END.match(ch):
            j = i + 1
            while j < end and text[j] in "”’」』)）":
                j += 1
            spans.append((s, j))
            s = j
    if s < end and text[s:end].strip():
        spans.append((s, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def make_chunks(
    text: str, sections: list[Section], max_chars: int = 1200, skip: list[tuple[int, int]] | None = None
) -> list[Chunk]:
    """Pack consecutive sentences into chunks of at most max_chars (a longer sentence is cut
    into pieces, see `split_long`). Chunks may span several short sections: plan outlines have many sections of a
    few lines, and one call per section would multiply the model's work. Sentences inside
    `skip` spans (already rebuilt tables) are left out."""
    skip = sorted(skip or [])
    skip_starts = [sa for sa, _ in skip]
    chunks: list[Chunk] = []
    current_start: int | None = None
    current_end = 0
    first_section: Section | None = None
    for section in sections:
        spans = sentence_spans(text, section.start, section.end)
        for a, b in (piece for span in spans for piece in split_long(text, *span, max_chars)):
            inside = bisect.bisect_right(skip_starts, a) - 1  # the last skip span starting at or before a
            if inside >= 0 and b <= skip[inside][1]:
                continue
            if current_start is not None and b - current_start > max_chars:
                chunks.append(_chunk(text, len(chunks), current_start, current_end, first_section))
                current_start = None
            if current_start is None:
                current_start, first_section = a, section
            current_end = b
    if current_start is not None:
        chunks.append(_chunk(text, len(chunks), current_start, current_end, first_section))
    return chunks


_SOFT_BREAK = re.compile(r"[，,、：:\s]")


def split_long(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """A sentence longer than max_chars, cut after its last comma (or space) before each limit,
    else at the limit. Scraped pages and hostile input can hold one 'sentence' of megabytes,
    which no model context takes whole."""
    pieces: list[tuple[int, int]] = []
    while end - start > max_chars:
        window = text[start : start + max_chars]
        breaks = [m.end() for m in _SOFT_BREAK.finditer(window) if m.end() > max_chars // 2]
        cut = start + (breaks[-1] if breaks else max_chars)
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _chunk(text: str, index: int, start: int, end: int, section: Section | None) -> Chunk:
    return Chunk(index=index, start=start, end=end, text=text[start:end], section=section.path_text if section else "")
