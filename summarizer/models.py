"""The briefing: what summarizer produces for one document.

These Pydantic models are the published contract (exported to
`schemas/briefing.schema.json` by `summarizer schema`). Every extracted item
carries `evidence`: the quote and its character span in the text as read, so a
consumer can check it or highlight it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.4"  # CHANGELOG.md says what each version changed

DocType = Literal["规划纲要", "政府工作报告", "新闻解读", "工作综述", "其他"]
AdminLevel = Literal["国家", "省", "市", "县级市", "县", "区", "乡镇", "其他"]
Attribute = Literal["约束性", "预期性"]
ProjectStatus = Literal["新建", "续建", "建成", "谋划", "推进"]
Alignment = Literal["exact", "normalized", "fuzzy", "table"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Model):
    """Where an item is stated. `start`/`end` index the decoded file text
    (BOM removed, line breaks untouched), so `text[start:end]` is the quote up to
    whitespace, full/half-width forms, quote marks and markdown emphasis."""

    quote: str = Field(description="The source sentence that states the item (line breaks and column spaces removed).")
    start: int = Field(ge=0, description="Start offset (characters) in the file text as read.")
    end: int = Field(ge=0, description="End offset (exclusive) in the file text as read.")
    section: str | None = Field(default=None, description="Heading path of the section, e.g. '第二章 … > (一) …'.")
    alignment: Alignment = Field(
        description="How the item was located: exact (a span the finders located; the quote is its sentence), "
        "table (rebuilt from a flattened table). 1.0 briefings also have normalized (found after the tolerated "
        "variants) and fuzzy (a reworded goal matched to the sentence holding most of it)."
    )
    page: int | None = Field(
        default=None, description="The page (from 1) the quote starts on, for a PDF; absent for other formats."
    )


class Value(_Model):
    """A quantity as written, and as a number."""

    text: str = Field(description="As written in the source, e.g. '超3500亿元'.")
    number: float | None = Field(default=None, description="The number in `unit`, e.g. 3500 for '超3500亿元'.")
    unit: str | None = Field(default=None, description="Unit as written, e.g. 亿元, %, 个百分点, 万人.")
    qualifier: str | None = Field(default=None, description="超, 以上, 左右, 不低于, 以内, 力争 … where stated.")
    low: float | None = Field(
        default=None, description="A range's lower end in `unit` (4.5 for '4.5%-5%'); `number` is then null (1.3)."
    )
    high: float | None = Field(default=None, description="A range's upper end in `unit` (5 for '4.5%-5%') (1.3).")
    basis: str | None = Field(
        default=None, description="The basis a growth is stated on, where the text names one: 同口径 (1.3)."
    )


class YearValue(_Model):
    year: int | None = Field(default=None, description="The year the value refers to.")
    value: Value


class Indicator(_Model):
    id: str
    name: str
    category: str | None = Field(
        default=None, description="经济发展, 创新驱动, 民生福祉, 绿色转型, 安全保障, or the document's own grouping."
    )
    unit: str | None = None
    baseline: YearValue | None = None
    target: YearValue | None = None
    achieved: YearValue | None = Field(
        default=None, description="The value reached, in a review table (e.g. 十三五 完成情况)."
    )
    annual_growth: Value | None = Field(default=None, description="Planned average annual growth, where stated.")
    achieved_annual_growth: Value | None = None
    qualifier: str | None = Field(default=None, description="Qualifier of the target: 超, 以上, 左右, 不低于, 以内 …")
    attribute: Attribute | None = Field(default=None, description="约束性 or 预期性, where stated.")
    table: str | None = Field(default=None, description="Table and row it was rebuilt from, e.g. '专栏2 第12项'.")
    canonical: str | None = Field(
        default=None,
        description="The id of the standard indicator it is, from the catalogue (summarizer/catalogue.toml), or "
        "null when it matches none (1.4).",
    )
    name_from_clause: bool = Field(
        default=False,
        description="True when the text names nothing the value counts or measures, so the name is its clause as "
        "written (1.3).",
    )
    evidence: Evidence


class Result(_Model):
    """A figure the document states as achieved (1.4): a work report's review of the year, a plan's base-year
    column. Kept apart from the indicators, which are targets, so a target and its result can be set side by side."""

    id: str
    name: str = Field(description="What the figure measures, as the text names it (地区生产总值, 城镇新增就业).")
    canonical: str | None = Field(
        default=None, description="The id of the standard indicator it is (summarizer/catalogue.toml), or null."
    )
    year: int | None = Field(
        default=None, description="The year the figure is for (a period's figure: the period's last year)."
    )
    value: Value
    evidence: Evidence


class Goal(_Model):
    id: str
    statement: str
    horizon_year: int | None = Field(default=None, description="2025, 2035 …")
    domain: str | None = None
    indicator_ids: list[str] = Field(default_factory=list, description="Indicators that quantify this goal.")
    evidence: Evidence


class KeyProject(_Model):
    id: str
    name: str
    sector: str | None = None
    location: str | None = None
    investment: Value | None = None
    period: str | None = Field(default=None, description="Period as written, e.g. 2021—2025年.")
    status: ProjectStatus | None = None
    responsible_body: str | None = None
    evidence: Evidence


class ResponsibleBody(_Model):
    id: str
    name: str = Field(description="As written, e.g. 市发改委.")
    canonical_name: str = Field(description="Full name, e.g. 市发展和改革委员会.")
    level: AdminLevel | None = None
    role: str | None = Field(default=None, description="牵头, 负责, 发布, 领导小组, 答记者问 …")
    person: str | None = None
    post: str | None = None
    responsibility: str | None = Field(default=None, description="What it is responsible for.")
    evidence: Evidence


class DocumentInfo(_Model):
    title: str
    region: str | None = None
    level: AdminLevel | None = None
    doc_type: DocType
    issuing_body: str | None = None
    date: str | None = Field(default=None, description="ISO date (YYYY-MM-DD or YYYY-MM) where stated.")
    plan_period: str | None = Field(default=None, description="e.g. 2021–2025.")
    genre: str | None = Field(
        default=None,
        description="The kind of document as its title names it (通知, 意见, 实施方案, 行动计划, 规划, 纲要, 解读, "
        "政府工作报告 …); a notice that issues another document names both: 通知（印发实施方案）(1.3).",
    )
    work_year: int | None = Field(
        default=None,
        description="A work report's year (its 今年): from its date, else its title, delivery line or own headings "
        "(1.3); null for other documents and when nothing states it.",
    )
    source_file: str
    sha256: str = Field(description="sha256 of the source file's bytes.")
    encoding: str = Field(description="The text encoding of a text file, or pdf, docx or html for an extracted text.")
    characters: int
    format: Literal["text", "pdf", "docx", "html"] = Field(
        default="text",
        description="The source file's format. For pdf, docx and html, evidence offsets index the text the tool "
        "extracted, not the file's bytes.",
    )
    text_sha256: str | None = Field(
        default=None,
        description="For an extracted text (pdf, docx, html): sha256 of that text in UTF-8, the text evidence indexes.",
    )
    text_file: str | None = Field(
        default=None,
        description="For an extracted text: the file, beside the briefing, that holds it (<name>.source.txt).",
    )

    @property
    def heading(self) -> str:
        """The title, or the file's name for a document that never names itself."""
        return self.title or self.source_file.replace("\\", "/").rsplit("/", 1)[-1]


def work_year(date: str | None) -> int | None:
    """The year a work report dated `date` (DocumentInfo.date) plans for: the year it was delivered, or
    the next when delivered in the autumn or winter."""
    if not date:
        return None
    year, month = int(date[:4]), int(date[5:7] or 0)
    return year + 1 if month >= 9 else year


class RunWarning(_Model):
    kind: Literal["chunk_failed", "item_dropped", "text_skipped", "table_cell", "model_output", "card"]
    message: str
    chunk: int | None = None
    task: str | None = None
    start: int | None = None
    end: int | None = None


class Usage(_Model):
    """Tokens of the model answers this briefing used, counted when each answer was made;
    `cache_hits` of the `calls` were answered from the cache and cost nothing this run."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    cache_hits: int = 0
    model_seconds: float = Field(
        default=0.0,
        description="Seconds the model took to make these answers, when each was made: a briefing answered "
        "from the cache or a replay still shows what the model cost (run.seconds is this run's wall time).",
    )

    def add_call(self, prompt_tokens: int, completion_tokens: int, cached: bool, seconds: float = 0.0) -> None:
        self.calls += 1
        self.cache_hits += int(cached)
        self.prompt_tokens += prompt_tokens
        self.completion_tokens += completion_tokens
        self.model_seconds = round(self.model_seconds + seconds, 3)


class RunInfo(_Model):
    backend: str = Field(description="local, openai, or none (no model: the rules alone).")
    model: str
    model_sha256: str | None = None
    prompt_versions: dict[str, str]
    usage: Usage
    seconds: float
    chunks: int
    chunks_failed: int
    items_dropped: int = Field(
        description="Model drafts dropped because they were not found in the source (1.0; always 0 since 1.1, "
        "where every record is a span the finders located)."
    )
    mode: str | None = Field(
        default=None,
        description="The structured-output mode the model's answers came in (json_schema, tools, json, md_json); "
        "under --mode auto, the one the endpoint accepted (1.4).",
    )
    judge: Literal["rules", "model"] | None = Field(
        default=None,
        description="Who judged the candidates the rules were not sure of (1.1; absent in 1.0 briefings).",
    )
    warnings: list[RunWarning] = Field(default_factory=list)


class Briefing(_Model):
    schema_version: str = SCHEMA_VERSION
    document: DocumentInfo
    summary: str = Field(description="A few Chinese sentences on what the document commits to.")
    goals: list[Goal] = Field(default_factory=list)
    key_projects: list[KeyProject] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    responsible_bodies: list[ResponsibleBody] = Field(default_factory=list)
    results: list[Result] = Field(
        default_factory=list, description="Figures stated as achieved for a past year or period (1.4)."
    )
    run: RunInfo
