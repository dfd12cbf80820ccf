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

from .bodies import body_level, canonical_body
from .clean import CleanText
from .extract import BodyDraft, DraftItem, GoalDraft, IndicatorDraft, ProjectDraft
from .models import Evidence, Goal, Indicator, KeyProject, ResponsibleBody, RunWarning, YearValue
from .segment import Chunk, Section, section_at, sentence_spans
from .values import numbers_in, parse_value

_QUOTE_MARKS = str.maketrans(dict.fromkeys("“”„‟«»「」『』＂", '"') | dict.fromkeys("‘’‚‛", "'"))
_DROPPED = re.compile(r"[\s*_]")
FUZZY_MIN_RATIO = 0.8  # share of a reworded goal's characters that must appear, in order, in one sentence


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
            target = parse_value(d.value)
            out.indicators.append(
                Indicator(
                    id="",
                    name=d.name.strip(),
                    unit=target.unit,
                    target=YearValue(year=_year(d.year), value=target),
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
            out.goals.append(
                Goal(id="", statement=statement, horizon_year=_year(d.year), domain=_clean(d.domain), evidence=ev)
            )
        elif isinstance(d, ProjectDraft):
            name = d.name.strip()
            if len(normalize(name)) < 2 or not in_chunk(name, chunk):
                drop(item, name, "its name is not in the source")
                continue
            investment_text = _clean(d.investment)
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
            name = d.name.strip()
            if len(normalize(name)) < 2 or not in_chunk(name, chunk):
                drop(item, name, "its name is not in the source")
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
