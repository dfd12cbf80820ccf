"""The document card (title, region, type, date, period) and the summary.

The card is read off the text with rules: titles, dates and plan periods are
written in a few fixed ways, and a rule that is wrong is easy to see and fix.
The summary is the one free-text part of a briefing: the model writes it from the
extracted goals and indicators only, and a plain listing is used if it fails.
"""

from __future__ import annotations

import re
from collections import Counter

from pydantic import BaseModel, Field

from .clean import CleanText
from .llm import ChunkFailed, StructuredModel
from .models import DocumentInfo, Goal, Indicator, KeyProject, RunWarning, Usage
from .prompts import load_prompt, prompt_echo
from .read import SourceText

_PLAN_PERIODS = {"十三五": "2016–2020", "十四五": "2021–2025", "十五五": "2026–2030"}


def _title(clean: CleanText) -> str:
    """The first title-like line; a subtitle line starting with —— is joined to the line above."""
    lines = [re.sub(r"^#+\s*", "", line.strip()) for line in clean.text.split("\n") if line.strip()]
    short = [(i, line) for i, line in enumerate(lines[:40]) if len(line) <= 60]
    pick = next((i for i, line in short if re.search(r"规划|纲要|政府工作报告|报告|综述|解读", line)), None)
    if pick is None:
        pick = short[0][0] if short else 0
    title = lines[pick] if lines else ""
    if title.startswith("——") and pick > 0:
        title = lines[pick - 1] + title
    return title if len(title) <= 100 else title[:60] + "…"


def _doc_type(title: str, text: str) -> str:
    head = text[:3000]
    if "综述" in title:
        return "工作综述"
    if re.search(r"解读|本报讯|记者|答记者问|新闻发布会|上接\d+版|下转\d+版|日报|晚报", head) or "发布" in title[-4:]:
        return "新闻解读"
    if "政府工作报告" in title:
        return "政府工作报告"
    if re.search(r"纲要|规划", title):
        return "规划纲要"
    if re.search(r"各位代表", head[:500]):
        return "政府工作报告"
    return "其他"


def _date(text: str) -> str | None:
    """A full date written near the top (2021-11-17, 2021年12月30日); month-day alone is not enough."""
    m = re.search(r"(20\d\d)\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?", text[:3000])
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


def _plan_period(title: str, text: str) -> str | None:
    for name, period in _PLAN_PERIODS.items():
        if name in title or re.search(rf"第{name[1]}个五年规划", title):
            return period
    m = re.search(r"(20\d\d)\s*[-—–~至]\s*(20\d\d)年", title)
    if m:
        return f"{m.group(1)}–{m.group(2)}"
    if re.search(r"第十四个五年", title):
        return "2021–2025"
    head = text[:3000]
    for name, period in _PLAN_PERIODS.items():
        if f"{name}规划" in head:
            return period
    return None


_NOT_PLACES = {
    "全市",
    "城市",
    "本市",
    "我市",
    "各市",
    "县市",
    "都市",
    "超市",
    "上市",
    "门市",
    "夜市",
    "股市",
    "楼市",
    "省市",
    "州市",
}


def _region_and_level(title: str, text: str) -> tuple[str | None, str | None]:
    """The place named in the title, else the newspaper's city, else the most frequent 'XX市/县'."""
    m = re.search(r"([\u4e00-\u9fff]{2,3}?)(省|市|县|区)(?![长场])", title)
    name = m.group(1) + m.group(2) if m and (m.group(1) + m.group(2)) not in _NOT_PLACES else None
    if name is None:
        paper = re.search(r"([\u4e00-\u9fff]{2})(日报|晚报)", text[:3000])
        name = paper.group(1) + "市" if paper else None
    if name is None:
        # A real place name recurs on its own too (株洲 … 株洲市); 创新型城市 gives no 型城.
        stems = {
            a + b for a, b in re.findall(r"([\u4e00-\u9fff]{2})(市|县)(?![场民长])", text) if a + b not in _NOT_PLACES
        }
        counts = Counter({stem: text.count(stem[:-1]) for stem in stems})
        best = counts.most_common(1)
        name = best[0][0] if best and best[0][1] >= 3 else None
    if name is None:
        return None, None
    level = name[-1]
    if level == "市" and re.search(r"省直管县|县级市|县\(市\)|县（市）", text):
        level = "县级市"
    return name, level


def _issuing_body(doc_type: str, region: str | None, text: str) -> str | None:
    if doc_type in {"规划纲要", "政府工作报告"} and region:
        return f"{region}人民政府"
    m = re.search(r"([\u4e00-\u9fff]{2,10}(日报|晚报|发展和改革委员会))", text[:1500])
    return m.group(1) if m else None


def describe_document(source: SourceText, clean: CleanText) -> DocumentInfo:
    title = _title(clean)
    doc_type = _doc_type(title, clean.text)
    region, level = _region_and_level(title, clean.text)
    return DocumentInfo(
        title=title or source.path,
        region=region,
        level=level,  # type: ignore[arg-type]
        doc_type=doc_type,  # type: ignore[arg-type]
        issuing_body=_issuing_body(doc_type, region, clean.text),
        date=_date(source.text),
        plan_period=_plan_period(title, clean.text),
        source_file=source.path,
        sha256=source.sha256,
        encoding=source.encoding,
        characters=len(source.text),
    )


class SummaryDraft(BaseModel):
    summary: str = Field(max_length=300)


def _facts(goals: list[Goal], indicators: list[Indicator], projects: list[KeyProject]) -> str:
    lines = [f"- 目标({g.horizon_year or '—'}):{g.statement}" for g in goals[:6]]
    for i in indicators[:8]:
        if i.target:
            lines.append(f"- 指标:{i.name} {i.target.year or ''}年 {i.target.value.text}")
    if projects:
        lines.append("- 项目:" + "、".join(p.name for p in projects[:6]))
    return "\n".join(lines) or "(未抽取到目标或指标)"


def fallback_summary(
    doc: DocumentInfo, goals: list[Goal], indicators: list[Indicator], projects: list[KeyProject]
) -> str:
    parts = [f"《{doc.title}》({doc.doc_type})。"]
    if goals:
        parts.append("提出的目标包括:" + ";".join(g.statement for g in goals[:3]) + "。")
    targets = [i for i in indicators if i.target and i.target.year and i.target.value.number is not None]
    if targets:
        parts.append(
            "量化指标如:" + ";".join(f"{i.name}{i.target.year}年{i.target.value.text}" for i in targets[:3]) + "。"
        )  # type: ignore[union-attr]
    if projects:
        parts.append("重点项目如:" + "、".join(p.name for p in projects[:4]) + "。")
    return "".join(parts)


def write_summary(
    doc: DocumentInfo,
    goals: list[Goal],
    indicators: list[Indicator],
    projects: list[KeyProject],
    model: StructuredModel | None,
    usage: Usage,
    warnings: list[RunWarning],
) -> str:
    """The model's short summary of the extracted facts, or a plain one made from them.

    The model sees only the title and the grounded facts, and its answer is checked
    against them: a number it did not receive, or a phrase of the prompt that the facts
    do not hold (a worked example, the instructions), is not presented as the document's.
    """
    if model is None or not (goals or indicators or projects):
        return fallback_summary(doc, goals, indicators, projects)  # nothing to summarize: no call
    prompt = load_prompt("summary")
    facts = _facts(goals, indicators, projects)
    messages = prompt.messages(title=doc.title, doc_type=doc.doc_type, text=facts)
    try:
        answer = model.complete(messages, SummaryDraft, max_tokens=400)
    except ChunkFailed as exc:
        warnings.append(
            RunWarning(kind="model_output", task="summary", message=f"summary: {exc}; a plain summary was written")
        )
        return fallback_summary(doc, goals, indicators, projects)
    usage.add_call(answer.prompt_tokens, answer.completion_tokens, answer.cached)
    summary = answer.value.summary.strip()  # type: ignore[attr-defined]
    problem = summary_problem(summary, grounds=f"{doc.title}\n{doc.doc_type}\n{facts}")
    if problem:
        warnings.append(
            RunWarning(
                kind="model_output",
                task="summary",
                message=f"summary: the model's summary {problem}; a plain summary was written instead",
            )
        )
        return fallback_summary(doc, goals, indicators, projects)
    return summary


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CHINESE_CHAR = re.compile(r"[\u4e00-\u9fff]")


def summary_problem(summary: str, grounds: str) -> str | None:
    """Why a model summary cannot be shown, or None. `grounds` is everything the model was
    given about the document; any prompt's instructions and examples are not the document's."""
    if len(_CHINESE_CHAR.findall(summary)) < 8:
        return "is not Chinese prose"
    unsupported = [n for n in _NUMBER.findall(summary) if n not in grounds]
    if unsupported:
        return f"states numbers that are not in the extracted facts ({', '.join(unsupported[:3])})"
    echo = prompt_echo(summary, grounds)
    if echo:
        return "repeats the prompt's words (an example or instruction)"
    return None
