"""Responsible bodies: departments, governments and groups the text gives a role.

The finder reads organ names that start with a level word (vocabulary.ORGAN_WORDS), named
groups and the units of 责任单位 lists. The rules keep a body only with a role: a 责任单位
list, or a role word beside its name (代表…报告, 牵头, 负责, 举行, an official's post). Names are
expanded to their canonical form (市发改委 → 市发展和改革委员会).
"""

from __future__ import annotations

import re

from ..bodies import body_level, canonical_body
from ..locate import clause_spans, normalize
from ..models import Evidence, ResponsibleBody
from ..vocabulary import CENTRAL_ABBREVIATIONS, GROUP_WORDS, NOT_ORGANS, ORGAN_WORDS
from .base import (
    Candidate,
    Context,
    ListKind,
    ScoredField,
    Verdict,
    md_cell,
    merge_by,
)

_ORGAN = re.compile(f"^(.+?({ORGAN_WORDS}))")
_NOT_BODY = re.compile(f"({NOT_ORGANS})")


# A level word and an organ word (市发改委, 省经济和信息化厅, 区人民政府), or a named group.
_BODY = re.compile(rf"(?:[\u4e00-\u9fff]{{0,6}}?(?:省|市|县|区|州|旗|盟))?[\u4e00-\u9fff]{{0,14}}?(?:{ORGAN_WORDS})")
_LEVEL_START = re.compile(r"^(?:省|市|县|区|州|旗|盟|国务院|国家|中共|中国共产党)")
_GROUP = re.compile(rf"[\u4e00-\u9fff“”\"]{{0,24}}?(?:{GROUP_WORDS})")
_GROUP_LEAD = re.compile(r"^(?:成立|设立|组建|建立|由|发挥好?|切实|充分|协助|提请|并|和|及|的|了)+")
# Lists of responsible units, by the label that names their role: "（责任单位：省经济和信息化厅、省财政厅）",
# "牵头单位：…", "牵头考核单位：市XX局", "配合单位：…".
_LIST_LABEL = r"(?:牵头考核|牵头|配合|协办|责任|主责|推进|实施|承办)(?:单位|部门)"
_UNIT_LIST = re.compile(rf"({_LIST_LABEL})\s*[:：]\s*([^）)。；;\n|]+)")
# "（市场监管总局负责）", "（工业和信息化部、发展改革委等负责。列第一位者为牵头单位）", "（A牵头，B、C配合）".
_ROLE_PAREN = re.compile(r"[（(]([^（）()\n]{2,160}?(?:负责|牵头|配合|参与)[^（）()\n]{0,40})[）)]")
_ROLE_CLAUSE = re.compile(r"([^，,；;。]+?)(?:等)?(负责|牵头|配合|参与)(?=$|[，,；;。])")
# The text says the first-named unit of each list leads ("列第一位者为牵头单位").
_FIRST_LEADS = re.compile(r"(?:列|排)(?:在)?第一位(?:的|者)?(?:为|是)牵头")
_UNIT_SPLIT = re.compile(r"[、，,]|(?<=[局委厅部办署会府])和")
_ROLE_OF_LABEL = {"牵头考核": "牵头", "牵头": "牵头", "配合": "配合", "协办": "配合"}
# The issuer of a notice, an opinion or a plan, in its heading: "国务院办公厅关于印发…的通知".
_ISSUER = re.compile(
    r"(?:^|(?<=[^\u4e00-\u9fff“”《》]))(?:标\s*题[:：]\s*)?"
    r"([\u4e00-\u9fff]{0,24}?(?:人民政府|办公厅|办公室|国务院|委员会|局|厅|委|部))关于",
    re.M,
)
_ISSUER_FIELD = re.compile(r"(?:发文机关|发布单位)\s*[:：]\s*([\u4e00-\u9fff]{2,30})(?=\s)")
_GENERIC = re.compile(r"^(?:各|有关|相关|其他|其它)|^(?:省|市|县|区)?级?(?:有关|相关)?部门$")
_UNIT_END = re.compile(f"(?:{ORGAN_WORDS}|部|总局|总署|会|院|机制|支行|分行|工作组|专班|小组|所|站|队)$")


def _units(
    text: str, start: int, end: int, sentence: tuple[int, int], role: str, first_role: str | None = None
) -> list[Candidate]:
    """One candidate per organ in text[start:end], a list of units joined by 、 (the first may take first_role)."""
    pos, found = start, []
    for i, unit in enumerate(_UNIT_SPLIT.split(text[start:end])):
        name = re.sub(r"(?:会同|协同|联合|商)(?:有关|相关)?(?:部门|单位)?$", "", unit.strip())  # 教育部会同有关部门
        name = re.sub(r"(?:等|分别|共同|按职责)+$", "", name)
        at = text.find(unit, pos, end)
        if at < 0:
            continue
        pos = at + len(unit)
        central = name in CENTRAL_ABBREVIATIONS  # 人民银行 is the central bank, not a company
        if not 2 <= len(name) <= 30 or _GENERIC.search(name):
            continue
        if not central and (_NOT_BODY.search(name) or not _UNIT_END.search(name)):
            continue
        offset = at + unit.find(name)
        fields = {"role": first_role if i == 0 and first_role else role}
        found.append(Candidate(name, offset, offset + len(name), sentence, fields))
    return found


def _unit_lists(text: str) -> list[Candidate]:
    found = []
    for m in _UNIT_LIST.finditer(text):
        role = _ROLE_OF_LABEL.get(m.group(1)[:-2], "负责")
        found += _units(text, m.start(2), m.end(2), (m.start(), m.end()), role)
    first_leads = bool(_FIRST_LEADS.search(text))
    for m in _ROLE_PAREN.finditer(text):
        inner_start = m.start(1)
        for clause in _ROLE_CLAUSE.finditer(m.group(1)):
            role = "负责" if clause.group(2) in ("负责", "参与") else clause.group(2)
            lead = "牵头" if first_leads and role == "负责" else None
            a, b = inner_start + clause.start(1), inner_start + clause.end(1)
            found += _units(text, a, b, (m.start(), m.end()), role, lead)
    found += _table_units(text)
    # A portal's index block names the issuer ("发文机关：国务院"); else the heading does, among the first lines
    # (below a portal's lines at most), never a document cited in the text.
    m = _ISSUER_FIELD.search(text[:1500]) or _ISSUER.search(text[: _heading_end(text)])
    if m and not _GENERIC.search(m.group(1)) and not re.search(r"[《“\"]$", text[max(0, m.start() - 1) : m.start()]):
        found.append(Candidate(m.group(1), m.start(1), m.end(1), (m.start(), m.end()), {"role": "发布"}))
    return found


def _heading_end(text: str) -> int:
    """Where the heading part ends: the end of the fourth line, or of the first 400 characters."""
    ends = [m.end() for m in re.finditer(r"\n", text[:1200])][:4]
    return min(ends[-1] if len(ends) == 4 else 400, 600)


def _table_units(text: str) -> list[Candidate]:
    """Units in a pipe table's column headed 责任单位 / 牵头单位 / 配合单位 …, one candidate each."""
    found: list[Candidate] = []
    columns: dict[int, str] = {}
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if not line.lstrip().startswith("|"):
            columns = {}
            continue
        cells = line.strip().strip("|").split("|")
        heads = {i: m.group(1) for i, c in enumerate(cells) if (m := re.fullmatch(rf"\s*({_LIST_LABEL})\s*", c))}
        if heads:
            columns = heads
            continue
        offset = start + line.index("|") + 1
        for i, cell in enumerate(cells):
            if i in columns:
                role = _ROLE_OF_LABEL.get(columns[i][:-2], "负责")
                found += _units(text, offset, offset + len(cell), (start, pos - 1), role)
            offset += len(cell) + 1
    return found


def find(text: str) -> list[Candidate]:
    """Organ names that start with a level word, in every clause; every unit of a 责任单位 / 牵头单位 … list, of a
    （XX负责）/（XX牵头，YY配合） note and of a table's 责任单位 column, with the role its label gives; the
    issuer named in the heading (role 发布)."""
    found = []
    for sentence, start, end in clause_spans(text):
        for m in _BODY.finditer(text, start, end):
            name = m.group()
            level = _LEVEL_START.search(name) or re.search(r"(?:省|市|县|区)(?=[\u4e00-\u9fff])", name)
            if level is None or _NOT_BODY.search(name):
                continue
            name = name[level.start() :]
            if re.search(r"(?:各|有关|相关)$", text[max(0, m.end() - len(name) - 2) : m.end() - len(name)]):
                continue  # 各省级人民政府, 有关部门: addressees, not a body
            if len(name) >= 3 or (len(name) == 2 and name.endswith("委")):  # 省委, 市委
                found.append(Candidate(name, m.end() - len(name), m.end(), sentence, {}))
        for m in _GROUP.finditer(text, start, end):
            lead = _GROUP_LEAD.match(m.group())
            name = m.group()[lead.end() if lead else 0 :]
            if len(name) >= 3 and not _NOT_BODY.search(name):
                found.append(Candidate(name, m.end() - len(name), m.end(), sentence, {}))
    return found + _unit_lists(text)


# The role a clause gives a body, by the words around its name (GUIDELINES: it publishes, answers,
# leads, is responsible, organises, or speaks through its official).
_ROLE_BEFORE = (
    ("报告", re.compile(r"代表$")),
    ("审议", re.compile(r"提请$")),
    ("负责", re.compile(r"(?:发挥好?|由)$")),
)
_ROLE_AFTER = (
    ("发布", re.compile(r"^(?:举行|召开|发布|印发|公布)")),
    ("牵头", re.compile(r"^(?:牵头|统筹|领导)")),
    ("负责", re.compile(r"^(?:负责|主管|承担|组织)")),
    ("批准", re.compile(r"^(?:批准|同意|审议通过)")),
    ("领导小组", re.compile(r"^[、和及]?\S{0,6}?成立")),
    ("答记者问", re.compile(r"^\S{0,12}?(?:党组|党委|书记|局长|主任|厅长|负责人|新闻发言人)")),
)


def judge(c: Candidate, ctx: Context) -> Verdict:
    """A body the text gives a role: a unit of a 责任单位 list, or a name with a role word next to it."""
    if c.fields.get("role"):
        return Verdict(True, True, dict(c.fields))
    at = c.start - c.sentence[0]
    before, after = ctx.sentence[max(0, at - 6) : at], ctx.sentence[at + len(c.text) : at + len(c.text) + 16]
    role = next((r for r, words in _ROLE_BEFORE if words.search(before)), None)
    role = role or next((r for r, words in _ROLE_AFTER if words.search(after)), None)
    if role is None and c.text.endswith(("领导小组", "指挥部", "工作专班")):
        role = "领导小组"
    return Verdict(role is not None, False, {"role": role})


def record(c: Candidate, fields: dict, evidence: Evidence) -> ResponsibleBody:
    return ResponsibleBody(
        id="",
        name=c.text,
        canonical_name=canonical_body(c.text),
        level=body_level(c.text),  # type: ignore[arg-type]
        role=fields.get("role"),
        evidence=evidence,
    )


def merge(bodies: list[ResponsibleBody]) -> list[ResponsibleBody]:
    fields = ("role", "person", "post", "responsibility", "level")
    return merge_by(bodies, lambda b: normalize(b.canonical_name), fields)


def markdown(items: list[ResponsibleBody]) -> list[str]:
    out = ["## 责任主体", "", "| # | 名称 | 规范名称 | 角色 | 人员 | 负责 |", "|---|---|---|---|---|---|"]
    for r in items:
        person = " ".join(x for x in (r.post, r.person) if x)
        out.append(
            f"| {r.id} | {md_cell(r.name)} | {md_cell(r.canonical_name)} | {md_cell(r.role)} | {md_cell(person)} | "
            f"{md_cell(r.responsibility)} |"
        )
    return out


def columns(items: list[ResponsibleBody]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    rows = [(r.id, r.name, r.canonical_name, r.role or "", " ".join(x for x in (r.post, r.person) if x)) for r in items]
    return ("#", "名称", "规范名称", "角色", "人员"), rows


KIND = ListKind(
    field="responsible_bodies",
    task="bodies",
    id_prefix="B",
    item=ResponsibleBody,
    merge=merge,
    find=find,
    judge=judge,
    record=record,
    label=lambda b: b.name,
    # Bodies compare canonical names: 市发改委 and 市发展和改革委员会 are one body.
    name_fields=("canonical_name", "name"),
    name_type="body",
    pairing=(),
    scored=(
        ScoredField("canonical_name", lambda b: b.canonical_name, "body"),
        ScoredField("role", lambda b: b.role, "text"),
        ScoredField("person", lambda b: b.person, "text"),
    ),
    title="责任主体 Responsible bodies",
    markdown=markdown,
    columns=columns,
)
