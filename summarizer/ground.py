"""Stage 6, ground: every item must be found in the source, or it is dropped.

The model copies an item's fields from the text (a project's name, an indicator's
value "超3500亿元", a goal's statement). Grounding finds the shortest sentence of
the chunk that contains those fields, tolerating whitespace, full/half-width forms,
quote-mark variants and markdown emphasis; that sentence, with its span in the
original file, is the item's evidence. An indicator's numbers must be in it. A
goal the model reworded is matched to the sentence it came from only if almost
all of it is there (`fuzzy`), and then stated in the source's words. Whatever
cannot be located is dropped and counted in `warnings`. Pure functions, no model.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from .bodies import body_level, canonical_body
from .clean import CleanText
from .extract import BodyDraft, DraftItem, GoalDraft, IndicatorDraft, ProjectDraft
from .models import Evidence, Goal, Indicator, KeyProject, ResponsibleBody, RunWarning, YearValue
from .prompts import prompt_echo
from .segment import Chunk, Section, section_at, sentence_spans
from .values import numbers_in, parse_value

_QUOTE_MARKS = str.maketrans(dict.fromkeys("“”„‟«»「」『』＂", '"') | dict.fromkeys("‘’‚‛", "'"))
_DROPPED = re.compile(r"[\s*_]")
FUZZY_MIN_RATIO = 0.8  # share of a reworded goal's characters that must appear, in order, in one sentence

_CLAUSE_BREAK = re.compile(r"[,，、;；:：。!！?？]")
_QUALIFIER_BEFORE = re.compile(r"(不低于|不少于|不超过|不高于|超过|突破|高于|低于|超|约|近)$")
_QUALIFIER_AFTER = re.compile(r"^(以上|以下|以内|左右)")
_LEAD_WORDS = re.compile(
    r"^(其中|同时|并|和|及|与|到20\d\d年(底|末)?|20\d\d年(底|末)?|今年|明年|力争(实现)?|确保|努力|争取|实现|全市|全县|全区|全省)+"
)
_TRAIL_WORDS = re.compile(r"(达到|达|突破|超过|超|增长|增加|提高到|提高|提升到|提升|保持在|保持|控制在|为|年均|累计)+$")
_TARGET_YEAR = re.compile(r"(?:到|至|在)(20\d\d)年")
_GENERIC_PROJECT = re.compile(r"^(一批|重点|重大|产业|民生|基础设施|科技创新|新建|续建|建设)*(项目|工程|设施)$")

# What the guidelines call a key project is a named work; its name ends in a structure word.
_PROJECT_VERBS = re.compile(r"^(加快|推进|推动|实施|建设|打造|建成|新建|续建|启动|完成|开工|规划|谋划|提质|改造|扩建)+")
_PROJECT_TAIL = re.compile(r"(建设|情况|工作|前期工作|项目建设)$")
_WORK_SUFFIX = re.compile(
    r"(桥|路|大道|公路|高速|铁路|快车道|快速路|轨道|地铁|机场|港|码头|园|园区|基地|医院|学校|学院|大学|中学|小学|幼儿园|"
    r"馆|水库|电站|电厂|厂|管网|管廊|枢纽|片区|新城|新区|湾区|城|综合体|小镇|公园|广场|中心|站|场|隧道|堤|渠|闸|大厦|街|项目)$"
)
_SLOGANS = {"一带一路"}  # initiatives whose names happen to end in a structure word

# A responsible body is named as an organ; a post after it (市工信局党委委员) is not part of the name.
_ORGAN = re.compile(
    r"^(.+?(委员会|人民政府|政府|领导小组|指挥部|办公室|委|(?<![布格结大全时开当残战饭赌])局|(?<![举创主承督包兴开])办|厅|署|"
    r"中心|人大|政协|党委|党组|法院|检察院))"
)
_NOT_BODY = re.compile(r"(集团|公司|企业|银行|协会|学会|大学|学院)")

# A number reported as done (同比, 累计完成) in a sentence with no look ahead is a result, not a target.
_PAST_CLAUSE = re.compile(r"同比|累计|已完成|完成了|完成进度|完成全年|占年计划|排名|实现了|增长了|比上年")
_FUTURE = re.compile(r"到20\d\d|到二〇|力争|目标|确保|争取|将|(?<!年)计划|预计|今年|明年|20[2-5]\d年(底|末)?[前要]")


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalized text for matching, and for each of its characters the index in `text`."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).translate(_QUOTE_MARKS):
            if _DROPPED.match(c):
                continue
            out.append(c.lower())
            index.append(i)
    return "".join(out), index


@lru_cache(maxsize=4096)  # grounding normalizes the same chunk text for every field of every item
def normalize(text: str) -> str:
    return normalize_with_map(text)[0]


@dataclass
class Located:
    start: int  # cleaned offsets
    end: int
    alignment: str


def _has(norm_sentence: str, anchor: str) -> bool:
    """An anchor is a piece of text, or a bare number that must stand as a whole number."""
    if re.fullmatch(r"\d+(\.\d+)?", anchor):
        return anchor in numbers_in(norm_sentence)
    return anchor in norm_sentence


def sentence_with(anchors: list[str], chunk: Chunk) -> Located | None:
    """The shortest sentence of the chunk containing every anchor (after normalizing)."""
    wanted = [normalize(a) for a in anchors if a and normalize(a)]
    if not wanted:
        return None
    best: tuple[int, int] | None = None
    for a, b in sentence_spans(chunk.text):
        norm = normalize(chunk.text[a:b])
        if all(_has(norm, w) for w in wanted) and (best is None or b - a < best[1] - best[0]):
            best = (a, b)
    if best is None:
        return None
    sentence = chunk.text[best[0] : best[1]]
    exact = all(a in sentence for a in anchors if a and not re.fullmatch(r"\d+(\.\d+)?", a))
    return Located(chunk.start + best[0], chunk.start + best[1], "exact" if exact else "normalized")


def closest_sentence(text: str, chunk: Chunk) -> Located | None:
    """The sentence holding most of `text` in order, if it holds at least FUZZY_MIN_RATIO of it."""
    target = normalize(text)
    if len(target) < 4:
        return None
    best: tuple[float, int, int] | None = None
    for a, b in sentence_spans(chunk.text):
        norm = normalize(chunk.text[a:b])
        matcher = SequenceMatcher(None, target, norm, autojunk=False)
        ratio = sum(block.size for block in matcher.get_matching_blocks()) / len(target)
        if ratio >= FUZZY_MIN_RATIO and (best is None or ratio > best[0]):
            best = (ratio, a, b)
    return Located(chunk.start + best[1], chunk.start + best[2], "fuzzy") if best else None


def in_chunk(text: str | None, chunk: Chunk) -> bool:
    return bool(text) and bool(normalize(text or "")) and normalize(text or "") in normalize(chunk.text)


def to_evidence(located: Located, clean: CleanText, sections: list[Section], chunk: Chunk) -> Evidence:
    start, end = clean.to_original(located.start, located.end)
    return Evidence(
        quote=clean.text[located.start : located.end],
        start=start,
        end=end,
        section=section_at(sections, located.start) if sections else chunk.section or None,
        alignment=located.alignment,  # type: ignore[arg-type]
    )


def _clause_start(sentence: str, at: int) -> int:
    """Start of the clause (between 、，；：。 …) that holds position `at`."""
    return max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, at)), default=0)


def read_value_and_name(sentence: str, value: str, name: str) -> tuple[str, str]:
    """The value as the source writes it, with its qualifier, and the indicator's name.

    The model may drop a qualifier ("4.8万元" for "超4.8万元") or put one target's name on
    another's value. The value is read from the clause that holds it; if the model's name is
    not in that clause either, the clause's subject (the words before the value, less time
    words, 力争/实现 and the verb) is the name, so names too are the source's words. With
    neither, the name is returned empty.
    """
    at = sentence.find(value.strip())
    if at < 0:
        return value.strip(), name.strip()
    end = at + len(value.strip())
    before = _QUALIFIER_BEFORE.search(sentence[:at])
    if before and not _QUALIFIER_BEFORE.search(value.strip()[:3]):
        at = before.start()
    after = _QUALIFIER_AFTER.match(sentence[end:])
    if after and not value.strip().endswith(after.group()):
        end += len(after.group())
    clause_start = _clause_start(sentence, at)
    subject = _TRAIL_WORDS.sub("", _LEAD_WORDS.sub("", sentence[clause_start:at].strip())).strip()
    usable = 2 <= len(subject) <= 20 and re.search(r"[\u4e00-\u9fff]", subject)
    name = name.strip()
    if name and normalize(name) in normalize(sentence[clause_start:end]):
        # The model's name is in the clause; the subject wins only when it is the fuller form (收入 -> 城乡居民…收入).
        fuller = usable and normalize(name) in normalize(subject) and len(subject) > len(name)
        return sentence[at:end], subject if fuller else name
    # Neither the model's name nor a subject is in the value's clause: the name is the model's
    # words (or another clause's), and the caller drops the item.
    return sentence[at:end], subject if usable else ""


def is_past_result(sentence: str, value_text: str) -> bool:
    """True when the value's clause reports something done and the sentence looks at no future."""
    at = sentence.find(value_text)
    if at < 0 or _FUTURE.search(sentence):
        return False
    clause_start = _clause_start(sentence, at)
    return bool(_PAST_CLAUSE.search(sentence[clause_start : at + len(value_text)]))


def _year(value: int | None) -> int | None:
    return value if value is not None and 1949 <= value <= 2100 else None


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if value and value.lower() not in {"null", "none", "无", "-", "—", "n/a"} else None


@dataclass
class Grounded:
    indicators: list[Indicator]
    goals: list[Goal]
    projects: list[KeyProject]
    bodies: list[ResponsibleBody]
    warnings: list[RunWarning]


def ground_items(drafts: list[DraftItem], clean: CleanText, sections: list[Section] | None = None) -> Grounded:
    """Turn located drafts into briefing items; drop and report the rest."""
    sections = sections or []
    out = Grounded([], [], [], [], [])

    def drop(item: DraftItem, label: str, why: str) -> None:
        start, end = clean.to_original(item.chunk.start, item.chunk.end)
        message = f"{item.task} item {label!r} dropped: {why}"
        if prompt_echo(label, item.chunk.text):  # an echo of the prompt is not repeated into outputs
            message = f"{item.task} item dropped: it repeats the prompt's words (an example or instruction)"
        out.warnings.append(
            RunWarning(
                kind="item_dropped", chunk=item.chunk.index, task=item.task, start=start, end=end, message=message
            )
        )

    for item in drafts:
        d, chunk = item.draft, item.chunk

        def evidence(located: Located | None) -> Evidence | None:
            return to_evidence(located, clean, sections, chunk) if located else None  # noqa: B023

        if isinstance(d, IndicatorDraft):
            numbers = numbers_in(d.value)
            if not numbers:
                drop(item, d.name, f"its value {d.value!r} has no number")
                continue
            value_anchor = [d.value] if in_chunk(d.value, chunk) else numbers
            name_anchor = [d.name] if in_chunk(d.name, chunk) else []
            ev = evidence(sentence_with(name_anchor + value_anchor, chunk) or sentence_with(value_anchor, chunk))
            if ev is None:
                drop(item, d.name, f"no sentence of the source holds its value {d.value!r}")
                continue
            value_text, name = read_value_and_name(ev.quote, d.value, d.name)
            if not name or normalize(name) not in normalize(ev.quote):
                drop(item, d.name, "its name is not in the clause that holds its value")
                continue
            if is_past_result(ev.quote, value_text):
                drop(item, name, f"{value_text!r} is reported as done, not set as a target")
                continue
            target = parse_value(value_text)
            stated_year = _TARGET_YEAR.search(ev.quote)
            year = int(stated_year.group(1)) if stated_year else _year(d.year)
            out.indicators.append(
                Indicator(
                    id="",
                    name=name,
                    unit=target.unit,
                    target=YearValue(year=year, value=target),
                    qualifier=target.qualifier,
                    evidence=ev,
                )
            )
        elif isinstance(d, GoalDraft):
            statement = d.statement.strip()
            if in_chunk(statement, chunk):
                ev = evidence(sentence_with([statement], chunk))
            else:
                ev = evidence(closest_sentence(statement, chunk))
                if ev is not None:
                    statement = ev.quote  # reworded by the model: state it in the source's words
            if ev is None:
                drop(item, statement, "its statement is not in the source")
                continue
            if ev.quote.rstrip().endswith(("?", "？")):
                drop(item, statement, "a question, not a commitment")
                continue
            if ev.alignment == "fuzzy" and len(ev.quote) > 2.5 * len(d.statement.strip()):
                drop(item, d.statement, "only loosely matches a much longer sentence")
                continue
            out.goals.append(
                Goal(id="", statement=statement, horizon_year=_year(d.year), domain=_clean(d.domain), evidence=ev)
            )
        elif isinstance(d, ProjectDraft):
            name = _PROJECT_TAIL.sub("", _PROJECT_VERBS.sub("", d.name.strip()))
            if len(normalize(name)) < 2 or not in_chunk(name, chunk):
                drop(item, d.name, "its name is not in the source")
                continue
            if _GENERIC_PROJECT.match(normalize(name)):
                drop(item, name, "a generic word, not the name of a work")
                continue
            if name in _SLOGANS or not _WORK_SUFFIX.search(name):  # programmes end in 工程/行动/战略
                drop(item, name, "not the name of a work (a programme, slogan or sector)")
                continue
            investment_text = _clean(d.investment)
            if investment_text and not numbers_in(investment_text):
                investment_text = None  # an amount has a number; anything else is a misplaced field
            located = sentence_with([name, investment_text], chunk) if investment_text else None
            if located is None:
                investment_text = None  # keep the project, not an amount we cannot see beside it
                located = sentence_with([name], chunk)
            ev = evidence(located)
            if ev is None:
                drop(item, name, "its name is not in the source")
                continue
            status = _clean(d.status)
            out.projects.append(
                KeyProject(
                    id="",
                    name=name,
                    sector=_clean(d.sector),
                    investment=parse_value(investment_text) if investment_text else None,
                    status=status if status in {"新建", "续建", "建成", "谋划", "推进"} else None,  # type: ignore[arg-type]
                    evidence=ev,
                )
            )
        elif isinstance(d, BodyDraft):
            organ = _ORGAN.match(d.name.strip())
            name = organ.group(1) if organ else d.name.strip()
            if len(normalize(name)) < 2 or not in_chunk(name, chunk):
                drop(item, d.name, "its name is not in the source")
                continue
            if organ is None or _NOT_BODY.search(name):
                drop(item, name, "not the name of a government body (a company, place or phrase)")
                continue
            ev = evidence(sentence_with([name], chunk))
            if ev is None:
                drop(item, name, "its name is not in the source")
                continue
            quote = normalize(ev.quote)

            def stated(value: str | None, quote: str = quote) -> str | None:
                value = _clean(value)
                return value if value and normalize(value) in quote else None

            out.bodies.append(
                ResponsibleBody(
                    id="",
                    name=name,
                    canonical_name=canonical_body(name),
                    level=body_level(name),  # type: ignore[arg-type]
                    role=_clean(d.role),
                    person=stated(d.person),
                    post=stated(d.post),
                    responsibility=_clean(d.responsibility),
                    evidence=ev,
                )
            )
    return out
