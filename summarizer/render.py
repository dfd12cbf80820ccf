"""A briefing in the terminal: the document card, then a rich table per list kind (kinds/), then the run."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .kinds import KINDS
from .models import Briefing


def _more(items: list, shown: int) -> str | None:
    return f"… {len(items) - shown} more in the JSON" if len(items) > shown else None


def render_briefing(b: Briefing, console: Console, max_rows: int = 60) -> None:
    d = b.document
    head = Text()
    head.append(d.heading + "\n", style="bold")
    head.append(
        f"{d.genre if d.doc_type == '其他' and d.genre else d.doc_type} · {d.region or '—'} "
        f"({d.level or '—'}) · {d.date or '日期不详'}{f' · 年度 {d.work_year}' if d.work_year else ''} · "
        f"规划期 {d.plan_period or '—'}\n"
    )
    head.append(f"{d.source_file}  sha256 {d.sha256[:12]}…\n", style="dim")
    head.append("\n" + b.summary)
    console.print(Panel(head, title="summarizer briefing", border_style="cyan"))

    for kind in KINDS:
        items = getattr(b, kind.field)
        if not items:
            continue
        headers, rows = kind.columns(items)
        t = Table(title=f"{kind.title} ({len(items)})", caption=_more(items, max_rows), expand=True)
        for col in headers:
            t.add_column(col, overflow="fold")
        for row in rows[:max_rows]:
            t.add_row(*row)
        console.print(t)

    run = b.run
    counts = {}
    for w in run.warnings:
        counts[w.kind] = counts.get(w.kind, 0) + 1
    lines = [
        f"{run.backend}/{run.model} · {run.seconds}s (model {run.usage.model_seconds}s) · "
        f"{run.usage.calls} calls ({run.usage.cache_hits} cached) · "
        f"tokens {run.usage.prompt_tokens}+{run.usage.completion_tokens} · chunks {run.chunks} "
        f"(failed {run.chunks_failed}) · "
        + (f"judged by {run.judge}" if run.judge else f"dropped {run.items_dropped}"),  # 1.0 briefings: no judge
    ]
    if counts:
        lines.append("warnings: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    failed = [w for w in run.warnings if w.kind == "chunk_failed"]
    body = [Text(line) for line in lines] + [Text(f"  ✗ {w.message}", style="red") for w in failed[:10]]
    console.print(Panel(Group(*body), title="run", border_style="yellow" if failed else "green"))
