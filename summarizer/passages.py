"""The key passages of a document, for its summary: what the document says of itself, in its own words.

A reader's summary says what the document is (type, issuer, period), its central aims and its headline numbers,
in that order. Each comes from a passage the text's structure marks, never from the extracted lists: the title
and card; the headings of its top-level parts; the first sentence under its guiding or aims heading (指导思想,
总体要求, 发展目标, 主要目标 …); and the paragraph that lists the year's main targets (a work report) or the main
indicators (a plan). A notice or an interpretation without such parts gives its first paragraph instead.
Pure functions, no model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .kinds.indicators import TARGETS_HEAD as _TARGETS_HEAD
from .kinds.indicators import targets_passages
from .models import DocumentInfo
from .segment import Section

# Headings that state the document's aims, in the order a reader looks for them: its goals, then what it requires.
_AIMS_HEADINGS = (
    re.compile(r"总体目标|发展目标|主要目标|工作目标|目标任务|奋斗目标"),
    re.compile(r"总体要求|总体思路|指导思想"),
)
_AIMS_HEADING = re.compile("|".join(p.pattern for p in _AIMS_HEADINGS))
# The sentence of an aims section, or of a work report anywhere, that says what is aimed at.
_AIM_SENTENCE = re.compile(r"(?:主要|总体|奋斗|发展)目标(?:是|为)|总体要求(?:是|为)|力争|到(?:19|20)\d\d年")
# Where a plan states its headline numbers: the sentence of its aims section, or of its whole text, that sets
# values for its end year.
_SENTENCE_END = re.compile(r"(?<=[。！？；;])")
_HAS_VALUE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|％|亿|万|个百分点|倍)")
# Genres whose aims and targets carry the summary; the others (通知, 解读, 综述, news) open with what they are about.
_HAS_PARTS = re.compile(r"政府工作报告|规划|纲要|计划|方案")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_TO_YEAR = re.compile(r"到((?:19|20)\d\d)年")
MAX_PASSAGE = 240  # characters of one passage shown to the model or put in a summary


@dataclass(frozen=True)
class Passages:
    title: str
    identity: str  # "青河市人民政府的政府工作报告(2024年)": what the card says the document is
    headings: list[str] = field(default_factory=list)  # its top-level parts
    aims: str = ""  # the first sentence under its aims heading
    targets: str = ""  # the paragraph of the year's main targets, or a plan's main indicators
    opening: str = ""  # the first paragraph, for a document without parts, aims or targets

    def grounds(self) -> str:
        """Everything the summary may draw on, as one text (the check of numbers reads it)."""
        return "\n".join([self.title, self.identity, *self.headings, self.aims, self.targets, self.opening])


def trim_passage(text: str, limit: int = MAX_PASSAGE) -> str:
    """A passage cut at its last sentence or clause end within `limit` characters."""
    text = re.sub(r"\s+", "", text)
    if len(text) <= limit:
        return text
    cut = max(text.rfind(mark, 0, limit) for mark in "。；;，,")
    return text[: cut + 1] if cut > limit // 3 else text[:limit]


# The clauses that open an aims sentence of official writing without saying what is aimed at: the guiding
# thought, the meetings and decisions carried out, the leadership under which.
_BOILERPLATE_CLAUSE = re.compile(
    r"^(?:坚持)?以.{2,40}为(?:指导|引领)(?![^，,]*(?:主线|主题|目标|统领))|^(?:全面|深入|认真|坚决|始终)?(?:贯彻|落实|学习|践行|宣传)|^按照.{2,40}(?:部署|要求)"
    r"|^在.{2,30}(?:领导|监督)下|^(?:完整、准确、全面贯彻|立足|紧扣|围绕)|^坚持稳中求进工作总基调$"
)


# The clauses of an aims sentence that name what is aimed at: 以X为主线/主题/目标/统领/总抓手, 奋力/确保/加快 + an
# end state, a strategy carried out, a 开局.
_AIM_CLAUSE = re.compile(
    r"为(?:主线|主题|目标|统领|总抓手|引领)|奋力|确保|加快(?:建设|打造|推进)|全力(?:建设|打造|推动)|建设.{0,12}(?:城市|强市|强省|名城|中心)"
    r"|战略|开好局|良好开局|高质量发展|行动"
)


_MAIN_LINE = re.compile(r"以[^，,。；;\n]{2,30}为(?:工作)?主线")


def aim_clauses(sentence: str, strict: bool = False) -> str:
    """The clauses of an aims sentence that name the aim (以“三化”为统领, 以全面深化改革为主线, 确保开好局), joined;
    the sentence itself when none does."""
    head, colon, body = sentence.partition("：") if "：" in sentence[:30] else ("", "", sentence)
    clauses = [c.strip("，,；;。 ") for c in re.split(r"[，,；;]", body)]
    marked = [c for c in clauses if c and _AIM_CLAUSE.search(c)]
    if not marked:
        return "" if strict else sentence  # strict: a preface (做好今年工作，意义重大) names no aim
    return head + colon + "，".join(marked) + "。"


def substance(sentence: str) -> str:
    """An aims sentence without its opening clauses of guiding thought and decisions carried out: what remains is
    what the document aims at ("…，确保“十四五”开好局起好步")."""
    head, colon, body = sentence.partition("：") if "：" in sentence[:30] else sentence.partition(":")
    if not colon or len(head) > 30:
        head, body = "", sentence
    clauses = re.split(r"(?<=[，,；;])", body)
    kept = [c for c in clauses if not _BOILERPLATE_CLAUSE.search(c.strip("，,；; "))]
    rest = "".join(kept).strip("，,；; ")
    return (head + colon + rest) if rest else sentence


def _is_aims_heading(heading: str) -> bool:
    """A short heading naming the aims (一、总体要求, （二）发展目标); a numbered measure that mentions 目标任务 in
    passing is a sentence, not such a heading."""
    return len(heading) <= 20 and bool(_AIMS_HEADING.search(heading))


def _dated_values(paragraph: str) -> tuple[int, str] | None:
    """A paragraph's year ahead (到2025年) and its first sentence that sets values, led by that year when the
    sentence does not name it itself; None without values."""
    sentences = [x for x in _SENTENCE_END.split(paragraph.strip()) if x.strip()]
    valued = next((x for x in sentences if _HAS_VALUE.search(x)), None)
    if valued is None:
        return None
    years = [int(y) for y in _TO_YEAR.findall(paragraph)]
    year = max(years, default=0)
    if year and not _TO_YEAR.search(valued):
        valued = f"到{year}年，{valued}"
    return year, valued


def _first_sentence(text: str) -> str:
    parts = [p for p in _SENTENCE_END.split(text.strip()) if p.strip()]
    return parts[0] if parts else ""


def identity_of(doc: DocumentInfo) -> str:
    """What the card says the document is, as a phrase: 青河市人民政府的政府工作报告(2024年)."""
    when = (
        f"{doc.work_year}年" if doc.work_year else (f"{doc.plan_period.replace('–', '—')}年" if doc.plan_period else "")
    )
    who = doc.issuing_body or doc.region or ""
    kind = doc.genre or doc.doc_type
    if kind == "其他":
        kind = "文件"
    return f"{who}{'的' if who else ''}{kind}" + (f"({when})" if when else "")


def _section_text(text: str, section: Section) -> str:
    body = text[section.start : section.end]
    lines = body.split("\n", 1)
    return lines[1] if len(lines) > 1 else body


def key_passages(text: str, sections: list[Section], doc: DocumentInfo) -> Passages:
    """The passages of the cleaned text that a summary is written from."""
    headings = list(dict.fromkeys(s.heading_path[0] for s in sections if s.heading_path))[:10]
    aims = ""
    if doc.doc_type == "政府工作报告":
        # A work report states its aims for the year in one sentence (今年政府工作的总体要求是：…, or 做好今年政府
        # 工作，要…), and often names its main line apart (以筹办X、争创Y为工作主线).
        found = re.search(r"[^。\n]*总体要求(?:是|为)[^。\n]*。", text) or re.search(
            r"(?:^|[。\n])\s*(做好(?:今年|(?:19|20)\d\d年)(?:的)?(?:政府)?工作[^。\n]*。)", text
        )
        sentence = (found.group(found.lastindex or 0) if found else "").strip()
        aims = aim_clauses(substance(sentence), strict=True) if sentence else ""
        line = _MAIN_LINE.search(text)
        if line and line.group() not in aims:
            aims = f"{line.group()}；{aims}" if aims else line.group() + "。"
        aims = trim_passage(aims)
    for heading in _AIMS_HEADINGS if not aims else ():
        for section in sections:
            if (
                section.heading_path
                and len(section.heading_path[-1]) <= 20
                and heading.search(section.heading_path[-1])
            ):
                body = _section_text(text, section)
                sentences = [x for x in _SENTENCE_END.split(body) if x.strip()]
                aims = trim_passage(
                    aim_clauses(
                        substance(next((x for x in sentences if _AIM_SENTENCE.search(x)), _first_sentence(body)))
                    )
                )
                if aims:
                    break
        if aims:
            break
    if not aims:
        # A work report names no aims heading: its sentence of 总体要求 or 主要目标, wherever it stands.
        found = re.search(r"[^。\n]*(?:总体要求|主要目标|奋斗目标)(?:是|为)[^。\n]*。", text)
        aims = trim_passage(aim_clauses(substance(found.group()))) if found else ""
    targets = ""
    spans = targets_passages(text)
    if spans:
        a, b = spans[0]
        # From the sentence that opens the targets (a paragraph may first say what the year is).
        head = _TARGETS_HEAD.search(text, a, b)
        if head:
            a = max(a, text.rfind("。", a, head.start()) + 1)
        targets = trim_passage(text[a:b])
    else:
        # A plan, or the news of one: the sentence that sets values for its furthest year (a plan's 到2020年
        # milestones come before its 到2025年 targets), from its aims part first, else from anywhere in it.
        in_aims = [
            paragraph
            for section in sections
            if section.heading_path and _is_aims_heading(section.heading_path[-1])
            for paragraph in _section_text(text, section).split("\n")
        ]
        anywhere = [m.group() for m in re.finditer(r"[^。\n]*到(?:19|20)\d\d年[^。\n]*?\d[^。\n]*。", text)]
        for pool in (in_aims, anywhere):
            dated = [d for d in map(_dated_values, pool) if d]
            if dated:
                targets = trim_passage(max(dated, key=lambda d: d[0])[1])
                break
    opening = ""
    if not (aims or targets) or not _HAS_PARTS.search(doc.genre or doc.doc_type):
        # A notice, an interpretation or an article says what it is about in its first paragraph of prose (after
        # an addressee line such as 各省、自治区、直辖市人民政府：).
        paragraphs = [
            p.strip()
            for p in text.split("\n")
            # Not an addressee line (…：), a question of a Q&A (…？) or a newspaper's jump line (【上接1版】).
            if len(_CJK.findall(p)) >= 30
            and not p.strip().endswith(("：", ":", "？", "?"))
            and not p.strip().startswith("【")
            and p.strip() != doc.title
        ]
        opening = trim_passage(paragraphs[0]) if paragraphs else ""
    return Passages(doc.heading, identity_of(doc), headings, aims, targets, opening)
