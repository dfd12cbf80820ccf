"""Key projects: named, concrete works (a bridge, a park, a hospital, a named enterprise project).

The finder reads the items of a clause's list whose names end in a structure word
(vocabulary.STRUCTURE_WORDS), a phase or a road code, and gives a type written once after 等
to each item. The rules drop phrases, honours, programmes (…工程 without a place, quoted
number-names), counted kinds of work and unnamed platforms, and read the status from the verb
of the item's clause.
"""

from __future__ import annotations

import re

from ..locate import clause_spans, normalize
from ..models import Evidence, KeyProject
from ..vocabulary import STRUCTURE_WORDS, WORK_WORDS
from .base import (
    Candidate,
    Context,
    ListKind,
    ScoredField,
    Verdict,
    md_cell,
    merge_by,
)

_GENERIC_PROJECT = re.compile(r"^(一批|重点|重大|产业|民生|基础设施|科技创新|新建|续建|建设)*(项目|工程|设施)$")
_PROJECT_VERBS = re.compile(r"^(加快|推进|推动|实施|建设|打造|建成|新建|续建|启动|完成|开工|规划|谋划|提质|改造|扩建)+")
_PROJECT_TAIL = re.compile(r"(建设|情况|工作|前期工作|项目建设)$")
_WORK_SUFFIX = re.compile(f"({STRUCTURE_WORDS})$")
_SLOGANS = {"一带一路"}  # initiatives whose names happen to end in a structure word
STATUSES = {"新建", "续建", "建成", "谋划", "推进"}


# An item of a list of works: split at 、 and 和/及 between names; leading verbs and manner words
# (加快推进, 全力, 开工建设) and trailing work words (建设, 等5个项目) are not part of a name.
_ITEM_BREAK = re.compile(r"、|(?<=[\u4e00-\u9fff])(?:和|及|与)(?=[\u4e00-\u9fff])")
_LEAD = re.compile(
    r"^(?:(?:到|至)?20\d\d年(?:底|末)?|今年|年内|全力|着力|大力|加快|加速|尽快|分期|稳步|有序|扎实|深入|继续|"
    r"高标准|高质量|高水平|推进|推动|实施|建设|打造|建成|新建|续建|启动|完成|开工|规划|谋划|提质|改造|扩建|"
    r"确保|力争|积极|重点|持续|全面|支持|争取|做好|抓好|开工建设|竣工|投产|一批|等|对|在|将|力促|促进)+"
)
# Trailing work words and the status a list reports ("…等5个项目", "…建设", "…建成通车", "…已经启动").
_TAIL = re.compile(
    r"(?:等\d*[个条座项所家处]?(?:重点|重大|新型)?(?:项目|工程)?|建设|前期工作|工作|进度|步伐|"
    r"(?:已经|已|全面|基本|顺利|正式|年内|如期|按期|相继|先后|主体)?"
    r"(?:建成通车|建成投产|建成投用|建成开放|建成|完工|竣工|通车|投产|投用|投入使用|投入运营|入轨运行|试运行|运行|"
    r"营业|开放|启动|上线|落地|签约落地|开工建设|开工|蓬勃发展|初具规模|提质增效|开诊|启用|焕新亮相|实质性落地|"
    r"顺利完成|完成|具备开通条件))+$"
)
# A list that ends in "等…项目/工程" calls every item a project, whatever its name ends in.
_PROJECT_LIST = re.compile(
    r"等(?:\d+|[一二三四五六七八九十两]+)?[个项条座家处批]?(?:重点|重大|新型|产业|民生)?(?:项目|工程|建设)"
)
_LIST_END = re.compile(r"[，,；;。：:！!？?]")
# "A、B、C等5条故居大道" / "A、B等片区建设": the type after 等 is each item's: A故居大道, B片区.
# The type is the shortest that ends a word: not 城 of 城市/城镇/城际/同城化, not 园 of 园区.
_SHARED_TYPE = re.compile(
    rf"等(?:\d+|[一二三四五六七八九十两]+|多)?[个项条座家处所批]?([\u4e00-\u9fff]{{0,8}}?(?:{STRUCTURE_WORDS}|{WORK_WORDS}))"
    r"(?![市镇乡际化区])"
)
# A number-name ("三大工程", "十大行动", "双百工程") names a programme, not a work (GUIDELINES.md).
_NUMBER_NAME = re.compile(r"^[“\"]?[一二三四五六七八九十百千万两双\d]+[大个项百千]")
_FINDER_SUFFIX = re.compile(f"(?:{STRUCTURE_WORDS}|{WORK_WORDS})$")


# A phase (一期, 二期工程) or a quote mark may follow the structure word; a road code (G354) may stand before a line.
_PHASE = re.compile(r"(?:[一二三四五六七八九十\d]+期(?:工程|项目)?|[”\"’』」])+$")
_ROAD_CODE = re.compile(r"[A-Z]\d{2,4}[\u4e00-\u9fff]{0,12}(?:线|段|公路|高速)")


def _shared_type(words: str) -> str:
    """The type a list's items share, less a trailing 工程/项目 that only says they are works (绕镇公路工程)."""
    core = re.sub(r"(?:工程|项目)$", "", words)
    return core if len(core) >= 2 and _FINDER_SUFFIX.search(core) else words


def _is_work_name(name: str, listed_as_projects: bool = False) -> bool:
    core = _PHASE.sub("", name)
    if _GENERIC_PROJECT.match(core) or name in _SLOGANS or _NUMBER_NAME.match(core):
        return False
    return listed_as_projects or bool(_FINDER_SUFFIX.search(core) or _ROAD_CODE.search(core))


def find(text: str) -> list[Candidate]:
    """Every item of a clause's list that, less its verbs and work words, names a work: it ends in a
    structure word (a phase such as 二期 may follow it), or it is a coded road or line (G354…线)."""
    found = []
    for sentence, start, end in clause_spans(text):
        pos = start
        listed = _PROJECT_LIST.search(text, sentence[0], sentence[1]) is not None
        # Clauses split at 、 too: the list an item belongs to runs on to the next ，；。
        list_end = next((m.start() for m in _LIST_END.finditer(text, start, sentence[1])), sentence[1])
        shared = _SHARED_TYPE.search(text, start, list_end)
        for piece in _ITEM_BREAK.split(text[start:end]):
            at = text.find(piece, pos, end)
            pos = at + len(piece)
            lead = _LEAD.match(piece)
            name = _TAIL.sub("", piece[lead.end() if lead else 0 :])
            offset = at + (lead.end() if lead else 0)
            last = shared is not None and offset < shared.start() < at + len(piece)  # "白沙等绕镇公路工程"
            if last:
                name = text[offset : shared.start()]  # type: ignore[union-attr]
            elif 2 <= len(name) <= 30 and _is_work_name(name, listed):
                found.append(Candidate(name, offset, offset + len(name), sentence, {}))
                continue
            if shared and 2 <= len(name) <= 12 and at < shared.start() and not _NUMBER_NAME.match(name):
                # Not written as such (A片区 from "A、B等片区"): the span is the item alone.
                kind = _shared_type(shared.group(1))
                found.append(Candidate(name + kind, offset, offset + len(name), sentence, {"shared_type": kind}))
    return found


# The status the verb of its clause gives (GUIDELINES: 建成/竣工/通车 → 建成; 开工/新建 → 新建; …).
_STATUS_WORDS = (
    ("建成", re.compile(r"建成|竣工|通车|投产|投用|投入使用|投入运营|完工|开放|启用|运行|上线")),
    ("新建", re.compile(r"开工|新建|启动|动工")),
    ("续建", re.compile(r"续建")),
    ("谋划", re.compile(r"谋划|储备|规划|前期")),
    ("推进", re.compile(r"推进|加快|建设|实施|推动")),
)
# A name with a verb or a particle inside, or led by one, is a phrase, not a name.
_PHRASE = re.compile(r"的|了|着|和|及|是|将|把|被|在|对|为|以|推进|推动|加快|加强|提升|建设(?!局)|发展(?!区|中心|大厦)")
_VERB_LEAD = re.compile(
    r"^(?:依托|通过|开展|创建|争创|集中|巩固|解决|点亮|实施|建立|形成|利用|围绕|深化|优化|培育|引进|支持|强化|打通|完善|"
    r"组织|谋划|发挥|加大|增强|改善|推广|鼓励|引导|保障|落实|做强|做优|壮大|系统|更好|停建|缓建|定|进)"
)
# A numbered heading or a box title ("7．打造区域型平台", "专栏12…") names a part of the document.
_HEADING = re.compile(r"^(?:\d+[.．、﹒]|专栏\d*|[（(][一二三四五六七八九十\d]+[）)])")
_HONOUR = re.compile(r"获批|获评|入选|迁入|纳入|命名")
# A programme ends in 工程 after what it does to a whole field (惠民工程, 质量升级工程); a work's name
# says where (…大桥改造工程). The rules leave these to the model.
_PROGRAMME = re.compile(r"(?:治理|提升|升级|惠民|民生|培育|壮大|保护|行动|攻坚|示范|创建)工程$")
# A quoted number-name anywhere ("双进"工程, 营商环境"双优"工程) names a programme.
_QUOTED_NUMBER_NAME = re.compile(r"[“\"][一二三四五六七八九十百千万两双\d]")
# A count or a generic quantifier before a bare type (85个口袋公园, 一批中心) counts a kind of work.
_COUNTED = re.compile(r"(?:\d+|[一二三四五六七八九十两百千多]+)[个座条所家处批]$|一批$|各类?$|多个$|若干$")


# Work done to a field rather than to a place ("餐饮油烟专项治理", "农业节水技术改造"): the words before the
# work word name no structure. "滨江路提质改造" names one (路).
_WORK_ON = re.compile(r"(?:综合整治|整治|改造|提升|治理|修复|更新|提质|亮化|绿化|防治)+$")
_STRUCTURE_IN = re.compile(f"(?:{STRUCTURE_WORDS})")
# A platform is a work when it has a name of its own: quoted, or with letters or digits ("云上X"APP, 5G…).
_NAMED = re.compile(r"[“”\"《》A-Za-z0-9]")


def _generic_work(name: str) -> bool:
    if name.endswith("工程"):  # a 工程 of a place names it (…大桥改造工程); else a programme
        stem = name[:-2]
        return not (_STRUCTURE_IN.search(stem) or _NAMED.search(stem))
    stem = _WORK_ON.sub("", name)
    if stem != name:
        return not _STRUCTURE_IN.search(stem)
    return name.endswith("平台") and not _NAMED.search(name)


def judge(c: Candidate, ctx: Context) -> Verdict:
    """A named work: a name of its own, not a phrase, an honour or a programme. The status is the verb
    of its clause."""
    name = c.text
    at = c.start - c.sentence[0]
    before = max((m.end() for m in _LIST_END.finditer(ctx.sentence, 0, max(at, 0))), default=0)
    after = next((m.start() for m in _LIST_END.finditer(ctx.sentence, at)), len(ctx.sentence))
    clause = ctx.sentence[before:after]
    status = next((s for s, words in _STATUS_WORDS if words.search(clause)), None)
    fields = {"status": status}
    if len(name) > 24 or _VERB_LEAD.match(name) or _HONOUR.search(name) or _HEADING.match(name):
        return Verdict(False, True, fields)
    if _QUOTED_NUMBER_NAME.search(name):
        return Verdict(False, True, fields)
    if _PHRASE.search(name[:-2] if len(name) > 2 else ""):
        return Verdict(False, False, fields)
    if _COUNTED.search(ctx.sentence[max(0, at - 4) : max(at, 0)]) or _PROGRAMME.search(name) or _generic_work(name):
        return Verdict(False, False, fields)
    return Verdict(True, False, fields)


def record(c: Candidate, fields: dict, evidence: Evidence) -> KeyProject:
    status = fields.get("status")
    return KeyProject(id="", name=c.text, status=status if status in STATUSES else None, evidence=evidence)


def merge(projects: list[KeyProject]) -> list[KeyProject]:
    fields = ("sector", "location", "investment", "period", "status", "responsible_body")
    return merge_by(projects, lambda p: normalize(p.name), fields)


def markdown(items: list[KeyProject]) -> list[str]:
    out = ["## 重点项目", "", "| # | 项目 | 行业 | 地点 | 投资 | 状态 | 原文 |", "|---|---|---|---|---|---|---|"]
    for p in items:
        out.append(
            f"| {p.id} | {md_cell(p.name)} | {md_cell(p.sector)} | {md_cell(p.location)} | "
            f"{md_cell(p.investment.text if p.investment else '')} | {p.status or ''} | {md_cell(p.evidence.quote)} |"
        )
    return out


def columns(items: list[KeyProject]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    rows = [
        (p.id, p.name, p.sector or "", p.investment.text if p.investment else "", p.status or "", p.evidence.quote[:60])
        for p in items
    ]
    return ("#", "项目", "行业", "投资", "状态", "原文"), rows


KIND = ListKind(
    field="key_projects",
    task="projects",
    id_prefix="P",
    item=KeyProject,
    merge=merge,
    find=find,
    judge=judge,
    record=record,
    label=lambda p: p.name,
    name_fields=("name",),
    name_type="text",
    pairing=("location",),
    scored=(
        ScoredField("name", lambda p: p.name, "text"),
        ScoredField("status", lambda p: p.status, "text"),
        ScoredField("investment", lambda p: p.investment, "value", unit=lambda p: None),
        ScoredField("location", lambda p: p.location, "text"),
    ),
    title="重点项目 Key projects",
    markdown=markdown,
    columns=columns,
)
