"""The summary: the one free-text part of a briefing.

The model writes it from the document's own key passages (passages.py: the title and card, the headings of its
parts, the sentence of its aims, the paragraph of its main targets), never from the extracted lists, and its
answer is checked against the source: too short, not Chinese, a number that no sentence of the source states for
the same quantity, or the prompt's own words, and a plain summary made from the same passages is shown instead.
(The document card is read by `card.py`.)
"""

from __future__ import annotations

import re
import unicodedata

from pydantic import BaseModel, Field

from .kinds.indicators import read_value_and_name
from .llm import ChunkFailed, StructuredModel
from .models import DocumentInfo, RunWarning, Usage
from .passages import Passages, trim_passage
from .prompts import ECHO_WINDOW, all_prompt_text, load_prompt
from .values import VALUE_SPAN, quantities_equal, read_quantity

MIN_CHARS = 40  # a summary shorter than this says too little to be worth reading
FALLBACK_CLAUSE = 120  # characters of the aims or the targets sentence in a plain summary


class SummaryDraft(BaseModel):
    """The summary in its three parts, in the order a reader wants them (a small model fills named parts better
    than it plans a paragraph); they are joined into the briefing's summary."""

    what: str = Field(max_length=120, description="这是什么文件:类型、发布机关、年份或时期")
    aims: str = Field(max_length=200, description="核心目标")
    numbers: str = Field(max_length=240, description="最重要的数字目标,数字照原文写")

    def text(self) -> str:
        """The parts joined, each once: a part the model repeated inside an earlier one is left out."""
        kept: list[str] = []
        for part in (self.what, self.aims, self.numbers):
            part = re.sub(r"\s+", "", part).strip("。;；,， ")
            if part and not any(part in earlier for earlier in kept):
                kept.append(part)
        return "".join(f"{p}。" for p in kept)


def passages_text(p: Passages) -> str:
    """The passages as the model reads them."""
    lines = [f"文件:{p.identity}"] if p.identity else []
    if p.headings:
        lines.append("各部分标题:" + ";".join(p.headings[:8]))
    if p.aims:
        lines.append(f"目标段落:{p.aims}")
    if p.targets:
        lines.append(f"指标段落:{p.targets}")
    if p.opening:
        lines.append(f"开头段落:{p.opening}")
    return "\n".join(lines)


def _clause(text: str, limit: int = FALLBACK_CLAUSE) -> str:
    """The text up to its first sentence end, cut at a clause end within `limit`; ending in 。."""
    first = trim_passage(re.split(r"(?<=[。！？])", text, maxsplit=1)[0], limit)
    return first.rstrip("，,；;：:") + ("" if first.endswith("。") else "。")


def fallback_summary(doc: DocumentInfo, p: Passages) -> str:
    """A plain summary from the same passages: what the document is, what it opens with (a notice, an
    interpretation, an article), its aims and its main targets, as written."""
    parts = [f"《{p.title}》" + (f"是{p.identity}。" if p.identity else "。")]
    if p.opening:
        parts.append(_clause(p.opening))
    topics = [_TOPIC_MARK.sub("", h).strip("。.") for h in p.headings]
    topics = [t for t in topics if 2 <= len(t) <= 16]
    if not (p.aims or p.targets) and len(topics) >= 2:
        parts.append("内容包括" + "、".join(topics[:6]) + "等部分。")
    if p.aims:
        parts.append(_clause(p.aims))
    if p.targets:
        # The targets run over several sentences in many reports ("增长3.5%左右。固定资产投资…。"): one passage.
        parts.append(_clause(re.sub(r"[。；;](?!$)", "；", p.targets), 2 * FALLBACK_CLAUSE))
    return "".join(parts)


# The marks that open a heading: 关键词：, 一、, 第三章, （二）, 1.
_TOPIC_MARK = re.compile(
    r"^(?:关键词\d*[:：]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[章部分节]\s*|[（(][一二三四五六七八九十]+[)）]|\d+[.、])"
)


def write_summary(
    doc: DocumentInfo,
    passages: Passages,
    source_text: str,
    model: StructuredModel | None,
    usage: Usage,
    warnings: list[RunWarning],
) -> str:
    """The model's 2–4 sentences from the document's key passages, or the plain one from the same passages."""
    if model is None:
        return fallback_summary(doc, passages)
    prompt = load_prompt("summary")
    messages = prompt.messages(title=passages.title, doc_type=doc.genre or doc.doc_type, text=passages_text(passages))
    try:
        answer = model.complete(messages, SummaryDraft, max_tokens=400)
    except ChunkFailed as exc:
        warnings.append(
            RunWarning(kind="model_output", task="summary", message=f"summary: {exc}; a plain summary was written")
        )
        return fallback_summary(doc, passages)
    usage.add_call(answer.prompt_tokens, answer.completion_tokens, answer.cached, answer.seconds)
    summary = answer.value.text()  # type: ignore[attr-defined]
    problem = summary_problem(summary, source_text, grounds=f"{passages.title}\n{passages_text(passages)}")
    if problem:
        warnings.append(
            RunWarning(
                kind="model_output",
                task="summary",
                message=f"summary: the model's summary {problem}; a plain summary was written instead",
            )
        )
        return fallback_summary(doc, passages)
    return summary


_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(r"(?:19|20)\d\d(?=\s*年)")
_CHINESE_CHAR = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE = re.compile(r"[^。！？；;\n]+")


_ONLY_VERBS = re.compile(
    r"同比|比上年|较上年|全年|分别|增长|增速|下降|降低|提高|提升|达到|实现|完成|控制在|保持|为|约|超过|超|近|了"
)
_CLAUSE_END = re.compile(r"[，,；;：:。！？\n]")


def _stated_values(text: str) -> list[tuple[str, list]]:
    """Each value of the source with the words that name it: its clause and the one before ("地区生产总值完成192亿元，
    同比增长6%" names the 6% too), not the whole sentence, whose other clauses name other quantities."""
    out = []
    for m in VALUE_SPAN.finditer(text):
        quantity = read_quantity(m.group())
        if quantity is None:
            continue
        window = max(0, m.start() - 200)
        ends = [window] + [e.end() for e in _CLAUSE_END.finditer(text, window, m.start())]
        own = text[ends[-1] : m.start()]
        # A clause of only a verb (同比增长6%) is named by the clause before it.
        start = ends[-1] if len(_CHINESE_CHAR.findall(_ONLY_VERBS.sub("", own))) >= 2 else ends[max(0, len(ends) - 2)]
        out.append((re.sub(r"\s+", "", text[start : m.end()]), [quantity]))
    return out


def _names_it(sentence: str, name: str) -> bool:
    """The source sentence names the same quantity: it holds two characters running of the summary's name."""
    if not name:
        return True
    name = unicodedata.normalize("NFKC", re.sub(r"\s+", "", name))
    pairs = [name[i : i + 2] for i in range(len(name) - 1) if _CHINESE_CHAR.match(name[i])]
    if not pairs:  # a name in Latin letters: GDP, CPI
        return name.lower() in unicodedata.normalize("NFKC", sentence).lower()
    return any(pair in sentence for pair in pairs)


def unsupported_numbers(summary: str, source_text: str) -> list[str]:
    """The values of the summary (read with the value reader: 百分之五 is 5%) that no sentence of the source states
    for a quantity of the same name, its years the source never writes, and its other numbers found nowhere."""
    stated = _stated_values(source_text)
    plain_source = re.sub(r"\s+", "", source_text)
    missing: list[str] = []
    covered: list[tuple[int, int]] = []
    for sentence in _SENTENCE.finditer(summary):
        text = sentence.group()
        for m in VALUE_SPAN.finditer(text):
            covered.append((sentence.start() + m.start(), sentence.start() + m.end()))
            quantity = read_quantity(m.group())
            if quantity is None:
                continue
            _, _, name = read_value_and_name(text, m.start(), m.end())
            if not any(_names_it(s, name) and any(quantities_equal(quantity, q) for q in qs) for s, qs in stated):
                missing.append(m.group())
    for m in _YEAR.finditer(summary):
        covered.append((m.start(), m.end()))
        if m.group() not in plain_source:
            missing.append(m.group() + "年")
    for m in _DIGITS.finditer(summary):
        if not any(a <= m.start() < b for a, b in covered) and m.group() not in plain_source:
            missing.append(m.group())
    return missing


def summary_problem(summary: str, source_text: str, grounds: str) -> str | None:
    """Why a model summary cannot be shown, or None. `grounds` is what the model was given about the document;
    any prompt's instructions and examples are not the document's."""
    if len(_CHINESE_CHAR.findall(summary)) < 8:
        return "is not Chinese prose"
    if len(summary) < MIN_CHARS:
        return f"is too short ({len(summary)} characters, under {MIN_CHARS})"
    unsupported = unsupported_numbers(summary, source_text)
    if unsupported:
        return f"states numbers that no sentence of the source gives for that quantity ({', '.join(unsupported[:3])})"
    if _echo(summary, f"{grounds}\n{source_text}"):
        return "repeats the prompt's words (an example or instruction)"
    return None


_NOT_WORDS = re.compile(r"[\s\W_]+")


def _echo(summary: str, document: str) -> str | None:
    """A run of the prompt's own wording within one sentence of the summary that the document does not hold,
    all read without punctuation and spaces (a summary's 主要预期目标是地区生产总值 is the text's 主要预期目标是：
    地区生产总值; a sentence boundary between two template phrases is no run)."""

    def plain(text: str) -> str:
        return _NOT_WORDS.sub("", unicodedata.normalize("NFKC", text))

    prompts, plain_document = plain(all_prompt_text()), plain(document)
    for sentence in _SENTENCE.finditer(summary):
        words = plain(sentence.group())
        for i in range(len(words) - ECHO_WINDOW + 1):
            window = words[i : i + ECHO_WINDOW]
            if window in prompts and window not in plain_document:
                return window
    return None
