"""Stage 8, write: the briefing as JSON (UTF-8, not \\u-escaped) and as Markdown.

Files are written to a temporary name and renamed, so an interrupted run never
leaves a half-written briefing.
"""

from __future__ import annotations

import json
from pathlib import Path

from .cache import write_atomic
from .kinds import KINDS
from .kinds.base import md_cell
from .models import Briefing


def briefing_json(briefing: Briefing) -> str:
    return json.dumps(briefing.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def schema_json() -> str:
    schema = Briefing.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://summarizer.local/schemas/briefing.schema.json"
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def briefing_markdown(b: Briefing) -> str:
    d = b.document
    out = [f"# {d.heading}", ""]
    meta = [
        ("类型", d.genre if d.doc_type == "其他" and d.genre else d.doc_type),
        ("地区", f"{d.region or '—'}({d.level or '—'})"),
        ("发布", d.issuing_body),
        ("日期", d.date),
        ("规划期", d.plan_period),
        ("工作年度", d.work_year),
        ("来源", f"`{d.source_file}` sha256 {d.sha256[:12]}…"),
    ]
    out += [f"- **{k}**: {v}" for k, v in meta if v]
    out += ["", "## 摘要", "", b.summary, ""]
    for kind in KINDS:
        items = getattr(b, kind.field)
        if items:
            out += [*kind.markdown(items), ""]
    run = b.run
    out += [
        "## 运行",
        "",
        f"- 模型: {run.backend} / {run.model}; 用时 {run.seconds} s (模型 {run.usage.model_seconds} s); "
        f"调用 {run.usage.calls} 次 "
        f"(缓存 {run.usage.cache_hits}); tokens {run.usage.prompt_tokens} + {run.usage.completion_tokens}",
        f"- 分块 {run.chunks}, 失败 {run.chunks_failed}; "
        + (f"判断: {'规则' if run.judge == 'rules' else '模型'}" if run.judge else f"丢弃条目 {run.items_dropped}"),
    ]
    order = {"chunk_failed": 0, "model_output": 1, "item_dropped": 2}  # incomplete text first
    serious = sorted((w for w in run.warnings if w.kind in order), key=lambda w: order[w.kind])
    if serious:
        out += ["", "### 警告", ""] + [f"- {w.kind}: {md_cell(w.message)}" for w in serious[:50]]
        if len(serious) > 50:
            out.append(f"- … {len(serious) - 50} more in the JSON")
    return "\n".join(out) + "\n"


def write_briefing(
    briefing: Briefing,
    directory: Path,
    stem: str,
    formats: tuple[str, ...] = ("json", "md"),
    source_text: str | None = None,
) -> list[Path]:
    """The briefing's files. For a PDF, Word or web page, `source_text` (the text the evidence indexes) is
    written beside it as `<stem>.source.txt`, and the briefing names that file."""
    written = []
    if briefing.document.format != "text" and source_text is not None:
        path = directory / f"{stem}.source.txt"
        write_atomic(path, source_text)
        briefing.document.text_file = path.name
        written.append(path)
    if "json" in formats:
        path = directory / f"{stem}.json"
        write_atomic(path, briefing_json(briefing))
        written.append(path)
    if "md" in formats:
        path = directory / f"{stem}.md"
        write_atomic(path, briefing_markdown(briefing))
        written.append(path)
    return written
