"""A briefing in the terminal: rich tables for indicators, projects and bodies."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .models import Briefing, YearValue


def _yv(yv: YearValue | None) -> str:
    if yv is None:
        return ""
    return yv.value.text + (f" ({yv.year})" if yv.year else "")


def _more(items: list, shown: int) -> str | None:
    return f"… {len(items) - shown} more in the JSON" if len(items) > shown else None


def render_briefing(b: Briefing, console: Console, max_rows: int = 60) -> None:
    d = b.document
    head = Text()
    head.append(d.title + "\n", style="bold")
    head.append(
        f"{d.doc_type} · {d.region or '—'} ({d.level or '—'}) · {d.date or '日期不详'} · "
        f"规划期 {d.plan_period or '—'}\n"
    )
    head.append(f"{d.source_file}  sha256 {d.sha256[:12]}…\n", style="dim")
    head.append("\n" + b.summary)
    console.print(Panel(head, title="summarizer briefing", border_style="cyan"))

    if b.indicators:
        t = Table(title=f"指标 Indicators ({len(b.indicators)})", caption=_more(b.indicators, max_rows), expand=True)
        review = any(i.achieved for i in b.indicators)  # a past plan's review table: show what was reached
        for col in ("#", "指标", "类别", "单位", "基期", "目标", *(("完成",) if review else ()), "属性", "来源"):
            t.add_column(col, overflow="fold")
        for i in b.indicators[:max_rows]:
            where = i.table or f"{i.evidence.alignment} @{i.evidence.start}"
            achieved = (_yv(i.achieved),) if review else ()
            cells = (i.id, i.name, i.category or "", i.unit or "", _yv(i.baseline), _yv(i.target), *achieved)
            t.add_row(*cells, i.attribute or "", where)
        console.print(t)
    if b.goals:
        t = Table(title=f"目标 Goals ({len(b.goals)})", caption=_more(b.goals, max_rows), expand=True)
        for col in ("#", "年份", "目标", "指标"):
            t.add_column(col, overflow="fold")
        for g in b.goals[:max_rows]:
            t.add_row(g.id, str(g.horizon_year or ""), g.statement, ", ".join(g.indicator_ids))
        console.print(t)
    if b.key_projects:
        t = Table(
            title=f"重点项目 Key projects ({len(b.key_projects)})", caption=_more(b.key_projects, max_rows), expand=True
        )
        for col in ("#", "项目", "行业", "投资", "状态", "原文"):
            t.add_column(col, overflow="fold")
        for p in b.key_projects[:max_rows]:
            t.add_row(
                p.id,
                p.name,
                p.sector or "",
                p.investment.text if p.investment else "",
                p.status or "",
                p.evidence.quote[:60],
            )
        console.print(t)
    if b.responsible_bodies:
        t = Table(
            title=f"责任主体 Responsible bodies ({len(b.responsible_bodies)})",
            caption=_more(b.responsible_bodies, max_rows),
            expand=True,
        )
        for col in ("#", "名称", "规范名称", "角色", "人员"):
            t.add_column(col, overflow="fold")
        for r in b.responsible_bodies[:max_rows]:
            t.add_row(r.id, r.name, r.canonical_name, r.role or "", " ".join(x for x in (r.post, r.person) if x))
        console.print(t)

    run = b.run
    counts = {}
    for w in run.warnings:
        counts[w.kind] = counts.get(w.kind, 0) + 1
    lines = [
        f"{run.backend}/{run.model} · {run.seconds}s · {run.usage.calls} calls ({run.usage.cache_hits} cached) · "
        f"tokens {run.usage.prompt_tokens}+{run.usage.completion_tokens} · chunks {run.chunks} "
        f"(failed {run.chunks_failed}) · dropped {run.items_dropped}",
    ]
    if counts:
        lines.append("warnings: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    failed = [w for w in run.warnings if w.kind == "chunk_failed"]
    body = [Text(line) for line in lines] + [Text(f"  ✗ {w.message}", style="red") for w in failed[:10]]
    console.print(Panel(Group(*body), title="run", border_style="yellow" if failed else "green"))
