"""The review site: static HTML pages that show each briefing beside its source text.

`build_site` turns briefings (and the files they were read from) into pages: an index of the
documents and one page per document, where clicking an item scrolls the source text to the
item's span and highlights it. The pages work from file:// with no network: the script and
styles are inline, allowed by a Content-Security-Policy hash, so nothing else on a page runs.

Evidence offsets are Python str indices (code points), and JavaScript strings count UTF-16
units, so the source is cut into spans here, in Python, and the page's script only
toggles classes on them: a character outside the BMP cannot shift a highlight.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from .cache import write_atomic
from .charts import row_chart, verdict_rows
from .kinds import KINDS
from .models import Briefing, RunWarning
from .vocabulary import MET_LABELS

COMPARISON_PAGE = "compare.html"
_QUOTE_HEADER = "原文"


@dataclass(frozen=True)
class Source:
    """The text a briefing's offsets index, or why it could not be shown."""

    text: str | None
    path: Path | None = None  # the file it was read from, or the one that did not match
    problem: str | None = None  # a notice for the page when `text` is None


@dataclass(frozen=True)
class SiteDocument:
    briefing: Briefing
    source: Source
    page: str  # file name of its page in the site
    label: str = ""  # the briefing's path as given on the command line (comparison rows name it so)


@dataclass(frozen=True)
class MarkedText:
    html: Markup  # the source text, escaped, with every item's span cut into numbered <span>s
    segments: dict[str, tuple[int, int]]  # item id -> its first and last span number


def load_briefing(path: Path) -> Briefing:
    return Briefing.model_validate(json.loads(path.read_text(encoding="utf-8")))


def load_source(briefing: Briefing, briefing_path: Path, cwd: Path | None = None) -> Source:
    """The text the evidence indexes, checked against the sha256 the briefing recorded.

    A text file is `document.source_file` (as given, relative to `cwd`, then relative to the
    briefing's folder), decoded with `document.encoding`; a PDF, Word file or web page is
    `document.text_file`, the extracted text `summarize -o` wrote beside the briefing."""
    doc = briefing.document
    folder = briefing_path.parent
    if doc.format != "text":
        if not doc.text_file or not doc.text_sha256:
            return Source(None, problem="the extracted text was not saved with this briefing (summarize with -o)")
        return _checked(
            [folder / doc.text_file],
            lambda data: data.decode("utf-8"),
            lambda data: hashlib.sha256(data).hexdigest() == doc.text_sha256,
            what=f"extracted text {doc.text_file}",
        )
    given = Path(doc.source_file)
    candidates = [given] if given.is_absolute() else [(cwd or Path.cwd()) / given, folder / given]
    return _checked(
        candidates,
        lambda data: data.decode(doc.encoding),
        lambda data: hashlib.sha256(data).hexdigest() == doc.sha256,
        what=f"source file {doc.source_file}",
    )


def _checked(
    candidates: list[Path], decode: Callable[[bytes], str], matches: Callable[[bytes], bool], what: str
) -> Source:
    """The first candidate file whose bytes match the recorded sha256, decoded."""
    changed: Path | None = None
    for path in candidates:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if not matches(data):
            changed = changed or path
            continue
        try:
            return Source(decode(data), path)
        except (UnicodeDecodeError, LookupError) as exc:
            return Source(None, path, f"the {what} cannot be decoded ({exc}); highlights are off")
    if changed:
        problem = f"the {what} has changed since the briefing was made (sha256 differs); highlights are off"
        return Source(None, changed, problem)
    tried = ", ".join(str(p) for p in candidates)
    return Source(None, None, f"the {what} was not found (looked for {tried}); highlights are off")


def mark_spans(text: str, spans: Sequence[tuple[str, str, int, int]]) -> MarkedText:
    """The text as HTML with every (item id, kind, start, end) span cut into numbered <span>s.

    Overlapping spans share pieces: the text is cut at every start and end, each covered piece
    becomes one <span id="sN"> (classed by the first kind covering it), and an item is the run
    of pieces from its start to its end. Spans outside the text are left out."""
    order = {kind.field: n for n, kind in enumerate(KINDS)}
    valid = [(i, k, a, b) for i, k, a, b in spans if 0 <= a < b <= len(text)]
    cuts = sorted({0, len(text), *(a for _, _, a, _ in valid), *(b for _, _, _, b in valid)})
    opening: dict[int, list[tuple[str, str]]] = defaultdict(list)
    closing: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for item_id, kind, a, b in valid:
        opening[a].append((item_id, kind))
        closing[b].append((item_id, kind))
    active: Counter[str] = Counter()
    first: dict[str, int] = {}
    segments: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    number = 0
    for a, b in pairwise(cuts):
        for item_id, kind in closing.get(a, ()):
            active[kind] -= 1
            segments[item_id] = (first[item_id], number - 1)
        for item_id, kind in opening.get(a, ()):
            active[kind] += 1
            first[item_id] = number
        piece = _escape_text(text[a:b])
        kinds = [k for k, n in active.items() if n > 0]
        if kinds:
            kind = min(kinds, key=order.__getitem__)
            parts.append(f'<span id="s{number}" class="m k-{kind}">{piece}</span>')
            number += 1
        else:
            parts.append(piece)
    for item_id, _ in closing.get(len(text), ()):
        segments[item_id] = (first[item_id], number - 1)
    return MarkedText(Markup("".join(parts)), segments)


def _escape_text(text: str) -> str:
    # The HTML parser turns CR and CRLF into LF; a character reference keeps the CR, so the page's
    # text is the file's text and a span's textContent is text[start:end].
    return str(escape(text)).replace("\r", "&#13;")


def json_for_script(data: Any) -> Markup:
    """JSON for a <script type="application/json"> block: no '<', '>' or '&' that could end it."""
    raw = json.dumps(data, ensure_ascii=False)
    return Markup(raw.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("summarizer", "templates"),
        autoescape=select_autoescape(["html", "html.j2"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def _asset(name: str) -> str:
    return resources.files("summarizer").joinpath("templates", name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _quote_cell(item: Any) -> str:
    ev = item.evidence
    # A table row's quote is its cells one per line: shown on one line, cells apart.
    return " | ".join(ev.quote.split("\n")) if ev.alignment == "table" else ev.quote


def _tables(briefing: Briefing, linked: Mapping[str, tuple[int, int]]) -> list[dict[str, Any]]:
    """Each list as a table: the kind's own columns (less its quote column), then the evidence."""
    tables = []
    for kind in KINDS:
        items = getattr(briefing, kind.field)
        headers, rows = kind.columns(items)
        keep = [n for n, h in enumerate(headers) if h != _QUOTE_HEADER]
        tables.append(
            {
                "field": kind.field,
                "title": kind.title,
                "headers": [headers[n] for n in keep] + ["章节", _QUOTE_HEADER],
                "rows": [
                    {
                        "id": item.id,
                        "linked": item.id in linked,
                        "cells": [row[n] for n in keep] + [item.evidence.section or "", _quote_cell(item)],
                    }
                    for item, row in zip(items, rows, strict=True)
                ],
            }
        )
    return tables


def _source_tables(briefing: Briefing) -> list[dict[str, Any]]:
    """Indicators rebuilt from a table, grouped by the table they came from, each row as its cells."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in briefing.indicators:
        if item.evidence.alignment == "table":
            name = (item.table or item.evidence.section or "表格").split(" 第")[0]
            groups[name].append({"id": item.id, "cells": item.evidence.quote.split("\n")})
    return [{"name": name, "rows": rows, "width": max(len(r["cells"]) for r in rows)} for name, rows in groups.items()]


def warning_groups(briefing: Briefing) -> list[tuple[str, list[RunWarning]]]:
    """The run's warnings by kind, the ones that mean missing items first."""
    order = {"chunk_failed": 0, "item_dropped": 1, "model_output": 2, "table_cell": 3, "text_skipped": 4}
    groups: dict[str, list[RunWarning]] = defaultdict(list)
    for warning in briefing.run.warnings:
        groups[warning.kind].append(warning)
    return sorted(groups.items(), key=lambda kv: order.get(kv[0], 9))


def counts(briefing: Briefing) -> dict[str, int]:
    return {kind.field: len(getattr(briefing, kind.field)) for kind in KINDS}


def build_site(
    documents: Sequence[SiteDocument],
    comparison: Sequence[Mapping[str, Any]] | None = None,
    measures: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The site's files (name -> HTML): index.html and one page per document; with `comparison`
    rows (indicators aligned across the documents, as plain dicts: `compare.AlignedIndicator`), also
    compare.html, linked from the index, whose every statement links to its item on its document's page.
    `measures` names each measure (增速 …)."""
    env = _environment()
    script, style = _asset("review.js"), _asset("review.css")
    csp = f"default-src 'none'; script-src {_csp_hash(script)}; style-src {_csp_hash(style)}"
    common = {"style": Markup(style), "csp": csp, "kinds": KINDS}
    files: dict[str, str] = {}
    for doc in documents:
        b = doc.briefing
        spans = [
            (item.id, kind.field, item.evidence.start, item.evidence.end)
            for kind in KINDS
            for item in getattr(b, kind.field)
        ]
        marked = mark_spans(doc.source.text, spans) if doc.source.text is not None else None
        linked = marked.segments if marked else {}
        files[doc.page] = env.get_template("document.html.j2").render(
            **common,
            script=Markup(script),
            b=b,
            source=doc.source,
            source_html=marked.html if marked else None,
            tables=_tables(b, linked),
            source_tables=_source_tables(b),
            warnings=warning_groups(b),
            data=json_for_script({"items": linked}),
        )
    files["index.html"] = env.get_template("index.html.j2").render(
        **common,
        documents=[{"doc": d, "counts": counts(d.briefing)} for d in documents],
        comparison_page=COMPARISON_PAGE if comparison is not None else None,
    )
    if comparison is not None:
        pages = {doc.label: doc.page for doc in documents}
        rows = [
            {**row, "statements": [{**st, "href": _item_href(pages, st)} for st in row["statements"]]}
            for row in comparison
        ]
        rows = [{**row, "chart": Markup(chart) if (chart := row_chart(row)) else None} for row in rows]
        shared = [row for row in rows if len({st["file"] for st in row["statements"]}) > 1]
        files[COMPARISON_PAGE] = env.get_template("compare.html.j2").render(
            **common,
            shared=sorted(shared, key=lambda row: (not row["conflict"], row["name"])),
            single=[row for row in rows if row not in shared],
            documents=len(documents),
            measures=measures or {},
            verdicts=verdict_rows(rows),
            met_labels=MET_LABELS,
        )
    return files


def _item_href(pages: Mapping[str, str], statement: Mapping[str, Any]) -> str | None:
    page = pages.get(statement["file"])
    return f"{page}#{statement['item_id']}" if page else None


def page_names(briefing_paths: Sequence[Path]) -> list[str]:
    """A page name per briefing, from its file name; the same name twice gets a number."""
    used: set[str] = set()
    names = []
    for path in briefing_paths:
        stem = path.name.removesuffix(".json")
        name, n = f"{stem}.html", 2
        while name in used or name == "index.html" or name == COMPARISON_PAGE:
            name, n = f"{stem}-{n}.html", n + 1
        used.add(name)
        names.append(name)
    return names


def site_documents(briefings: Sequence[tuple[Path, Briefing]], cwd: Path | None = None) -> list[SiteDocument]:
    """Each briefing (with the path it was read from) with its checked source text and its page name."""
    pages = page_names([path for path, _ in briefings])
    return [
        SiteDocument(briefing, load_source(briefing, path, cwd), page, str(path))
        for (path, briefing), page in zip(briefings, pages, strict=True)
    ]


def write_site(files: Mapping[str, str], directory: Path) -> list[Path]:
    written = []
    for name, html in files.items():
        path = directory / name
        write_atomic(path, html)
        written.append(path)
    return written
