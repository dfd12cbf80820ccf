"""Stage 6, ground: every item must be found in the source, or it is dropped.

A draft's quote is located in its chunk, tolerating whitespace, full/half-width
forms, quote-mark variants and markdown emphasis. If the quote is not there (small
models rewrite text), the sentence of the chunk that holds the item's name and all
its numbers is used instead, marked `alignment="sentence"`. The item's numbers must
occur in its evidence. Whatever fails is dropped and counted in `warnings`.
Pure functions, no model.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .bodies import body_level, canonical_body
from .clean import CleanText
from .extract import BodyDraft, DraftItem, GoalDraft, IndicatorDraft, ProjectDraft
from .models import Evidence, Goal, Indicator, KeyProject, ResponsibleBody, RunWarning, YearValue
from .segment import Chunk, Section, section_at, sentence_spans
from .values import numbers_in, parse_value

_QUOTE_MARKS = str.maketrans({c: '"' for c in "“”„‟«»「」『』＂"} | {c: "'" for c in "‘’‚‛"})
_DROPPED = re.compile(r"[\s*_]")


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalized text for matching, and for each of its characters the index in `text`."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        norm = unicodedata.normalize("NFKC", ch).translate(_QUOTE_MARKS)
        for c in norm:
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


def locate(quote: str, chunk: Chunk) -> Located | None:
    """Find the quote in the chunk: exact first, then modulo the tolerated variants."""
    quote = quote.strip()
    if not quote:
        return None
    at = chunk.text.find(quote)
    if at >= 0:
        return Located(chunk.start + at, chunk.start + at + len(quote), "exact")
    norm_chunk, index = normalize_with_map(chunk.text)
    norm_quote = normalize(quote).rstrip("。.;；,，")
    if len(norm_quote) < 2:
        return None
    at = norm_chunk.find(norm_quote)
    if at < 0:
        return None
    start = index[at]
    end = index[at + len(norm_quote) - 1] + 1
    return Located(chunk.start + start, chunk.start + end, "normalized")


def sentence_with(anchors: list[str], chunk: Chunk) -> Located | None:
    """The shortest sentence of the chunk that contains every anchor (normalized)."""
    wanted = [normalize(a) for a in anchors if a and normalize(a)]
    if not wanted:
        return None
    best: tuple[int, int] | None = None
    for a, b in sentence_spans(chunk.text):
        norm = normalize(chunk.text[a:b])
        if all(_contains_number_or_text(norm, w) for w in wanted) and (best is None or b - a < best[1] - best[0]):
            best = (a, b)
    return Located(chunk.start + best[0], chunk.start + best[1], "sentence") if best else None


def _contains_number_or_text(haystack: str, needle: str) -> bool:
    if re.fullmatch(r"[\d.]+", needle):
        return needle in numbers_in(haystack)
    return needle in haystack


def evidence_for(
    quote: str,
    chunk: Chunk,
    clean: CleanText,
    required: list[str],
    fallback_anchors: list[str],
    sections: list[Section] | None = None,
) -> tuple[Evidence | None, str]:
    """Evidence whose text contains every `required` string/number, or (None, why not)."""
    located = locate(quote, chunk)
    if located and _supports(clean.text[located.start : located.end], required):
        return _evidence(located, chunk, clean, sections or []), ""
    fallback = sentence_with(fallback_anchors + required, chunk) if (fallback_anchors or required) else None
    if fallback:
        return _evidence(fallback, chunk, clean, sections or []), ""
    if located:
        return None, f"its quote does not contain {', '.join(required)}"
    return None, "its quote was not found in the source"


def _supports(text: str, required: list[str]) -> bool:
    norm = normalize(text)
    return all(_contains_number_or_text(norm, normalize(r)) for r in required if normalize(r))


def _evidence(located: Located, chunk: Chunk, clean: CleanText, sections: list[Section]) -> Evidence:
    start, end = clean.to_original(located.start, located.end)
    return Evidence(
        quote=clean.text[located.start : located.end],
        start=start,
        end=end,
        section=section_at(sections, located.start) if sections else chunk.section or None,
        alignment=located.alignment,  # type: ignore[arg-type]
    )


def _in_chunk(text: str | None, chunk: Chunk) -> bool:
    return bool(text) and normalize(text or "") in normalize(chunk.text)


def _year(value: int | None) -> int | None:
    return value if value is not None and 1949 <= value <= 2100 else None


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if value and value.lower() not in {"null", "none", "无", "-", "—"} else None


def ground_items(
    drafts: list[DraftItem], clean: CleanText, sections: list[Section] | None = None
) -> tuple[list[Indicator], list[Goal], list[KeyProject], list[ResponsibleBody], list[RunWarning]]:
    """Turn located drafts into briefing items; drop and report the rest."""
    indicators: list[Indicator] = []
    goals: list[Goal] = []
    projects: list[KeyProject] = []
    bodies: list[ResponsibleBody] = []
    warnings: list[RunWarning] = []

    def drop(item: DraftItem, label: str, why: str) -> None:
        start, end = clean.to_original(item.chunk.start, item.chunk.end)
        warnings.append(
            RunWarning(
                kind="item_dropped",
                chunk=item.chunk.index,
                task=item.task,
                start=start,
                end=end,
                message=f"{item.task} item {label!r} dropped: {why}",
            )
        )

    for item in drafts:
        d = item.draft
        if isinstance(d, IndicatorDraft):
            target = parse_value(d.value)
            required = numbers_in(d.value)
            if not required:
                drop(item, d.name, "its value has no number")
                continue
            anchors = [d.name] if _in_chunk(d.name, item.chunk) else []
            ev, why = evidence_for(d.quote, item.chunk, clean, required, anchors, sections)
            if ev is None:
                drop(item, d.name, why)
                continue
            baseline = None
            if _clean(d.baseline) and all(n in numbers_in(normalize(ev.quote)) for n in numbers_in(d.baseline or "")):
                baseline = YearValue(year=_year(d.baseline_year), value=parse_value(d.baseline or ""))
            indicators.append(
                Indicator(
                    id="",
                    name=d.name.strip(),
                    unit=target.unit,
                    baseline=baseline,
                    target=YearValue(year=_year(d.year), value=target),
                    qualifier=target.qualifier,
                    evidence=ev,
                )
            )
        elif isinstance(d, GoalDraft):
            statement = d.statement.strip()
            ev, why = evidence_for(
                d.quote, item.chunk, clean, [], [statement] if _in_chunk(statement, item.chunk) else [], sections
            )
            if ev is None:
                drop(item, statement, why)
                continue
            if not _in_chunk(statement, item.chunk):
                statement = ev.quote  # the model paraphrased: state the goal in the source's words
            goals.append(
                Goal(id="", statement=statement, horizon_year=_year(d.year), domain=_clean(d.domain), evidence=ev)
            )
        elif isinstance(d, ProjectDraft):
            name = d.name.strip()
            if not _in_chunk(name, item.chunk):
                drop(item, name, "its name is not in the source")
                continue
            investment = parse_value(d.investment) if _clean(d.investment) else None
            required = [name] + (numbers_in(d.investment or "") if investment else [])
            ev, why = evidence_for(d.quote, item.chunk, clean, required, [], sections)
            if ev is None and investment:
                investment = None  # keep the project, but not an investment figure we cannot see
                ev, why = evidence_for(d.quote, item.chunk, clean, [name], [], sections)
            if ev is None:
                drop(item, name, why)
                continue
            status = _clean(d.status)
            projects.append(
                KeyProject(
                    id="",
                    name=name,
                    sector=_clean(d.sector),
                    location=_clean(d.location) if _in_chunk(d.location, item.chunk) else None,
                    investment=investment,
                    status=status if status in {"新建", "续建", "建成", "谋划", "推进"} else None,  # type: ignore[arg-type]
                    responsible_body=_clean(d.responsible) if _in_chunk(d.responsible, item.chunk) else None,
                    evidence=ev,
                )
            )
        elif isinstance(d, BodyDraft):
            name = d.name.strip()
            if not _in_chunk(name, item.chunk):
                drop(item, name, "its name is not in the source")
                continue
            ev, why = evidence_for(d.quote, item.chunk, clean, [name], [], sections)
            if ev is None:
                drop(item, name, why)
                continue
            person = _clean(d.person) if _in_chunk(d.person, item.chunk) else None
            post = _clean(d.post) if _in_chunk(d.post, item.chunk) else None
            bodies.append(
                ResponsibleBody(
                    id="",
                    name=name,
                    canonical_name=canonical_body(name),
                    level=body_level(name),
                    role=_clean(d.role),
                    person=person,
                    post=post,
                    responsibility=_clean(d.responsibility),
                    evidence=ev,
                )
            )
    return indicators, goals, projects, bodies, warnings
