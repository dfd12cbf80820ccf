"""The document card: title, type, region and level, issuing body, date and plan period.

Read off the text with rules, because official documents state these in a few fixed
ways: a heading (often below portal boilerplate, sometimes spaced out as "政 府 工 作 报 告"),
a delivery line ("——2026年1月25日在…人民代表大会…会议上"), a signature and its date, an
addressee line ("各市人民政府，省政府各部门：") that is never the title. A rule that is wrong is
easy to see and fix, and `summarizer eval` scores every field against the gold cards.
"""

from __future__ import annotations

import re
from collections import Counter

from .clean import CleanText
from .models import DocumentInfo, work_year
from .read import SourceText
from .vocabulary import PLAN_PERIODS

_PLAN_PERIODS = {name: f"{first}–{last}" for name, (first, last) in PLAN_PERIODS.items()}
# The country's four municipalities directly under the central government are province level
# (an administrative fact, like the provinces' names being 省).
_MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}

_CJK = r"\u4e00-\u9fff"
_SPACED = re.compile(rf"(?<=[{_CJK}])[ \u3000]+(?=[{_CJK}])")
# Portal and database boilerplate above a document: buttons, font-size controls, source and time lines.
_BOILERPLATE = re.compile(
    r"^(下载|打印|全屏|收藏|分享|关闭|【?字号|加大|还原|减小|】|来源[:：]|时间[:：]|发布时间|作者[:：]|编辑[:：]|责任编辑|"
    r"浏览次数|【法宝引证码】|原文链接|文/|本报记者|点击|扫一扫)"
)
_ADDRESSEE = re.compile(r"^(各|[^，,。]{0,20}各[^，,。]{0,10}[，、,])|[:：]$")
# "——2027年1月20日在青河市第九届人民代表大会第二次会议上": it gives the date, not the title.
_DELIVERY = re.compile(
    r"^[—–\-－]{1,2}\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日在(.{2,40}?)(?:第.{1,4}届)?人民代表大会"
)
_TITLE_WORDS = re.compile(r"规划|纲要|政府工作报告|报告|综述|解读|通知|意见|方案|计划|办法|决定|公报")
_PAREN_NOTE = re.compile(r"[(（][^()（）]*\d{4}\s*年[^()（）]*[)）]$")  # "(2021年12月30日 胡贺波)"


def _lines(text: str) -> list[str]:
    """The file's own lines, stripped: the card reads headings as printed, before the cleaner joins
    lines that lack a sentence end (which would join a heading to the portal line above it)."""
    lines = []
    for raw in text[:20000].split("\n"):
        line = _SPACED.sub("", re.sub(r"^#+\s*", "", raw.strip())).strip("*").strip()
        if line:
            lines.append(line)
    return lines


def _is_heading_line(line: str) -> bool:
    return not _BOILERPLATE.match(line) and not _ADDRESSEE.search(line) and len(line) <= 100


def _title(lines: list[str]) -> str:
    """The first heading line that names a document kind; a subtitle is joined to the headline above it.

    A subtitle is a line starting with —— (not a delivery line), or the keyword line right after a short
    headline that opens the document (a newspaper's main title and subtitle)."""
    top = [(i, line) for i, line in enumerate(lines[:40]) if _is_heading_line(line) and not _DELIVERY.match(line)]
    pick = next((k for k, (_, line) in enumerate(top) if _TITLE_WORDS.search(line)), None)
    if pick is None:
        short = [k for k, (_, line) in enumerate(top) if len(line) <= 40]
        pick = short[0] if short else None
    if pick is None:
        return ""
    index, title = top[pick]
    title = _PAREN_NOTE.sub("", title).strip()
    if pick > 0 and index > 0:
        before_index, before = top[pick - 1]
        headline = re.fullmatch(rf"[{_CJK}]{{4,20}}", before) is not None and before_index == index - 1
        if title.startswith("——") or (headline and pick == 1 and not _TITLE_WORDS.search(before)):
            title = before + ("" if title.startswith("——") else "——") + title
    return title if len(title) <= 100 else title[:60] + "…"


def _doc_type(title: str, text: str) -> str:
    head = text[:3000]
    if "综述" in title:
        return "工作综述"
    if "解读" in title:
        return "新闻解读"
    # A work report is one whoever printed it: a newspaper or portal carrying the full text.
    if "政府工作报告" in title or (re.search(r"^各位代表[:：]", head, re.M) and "报告" in title):
        return "政府工作报告"
    if re.search(r"(关于|的)(印发|通知|意见)|通知$|意见$|办法$|方案$|行动计划", title):
        return "其他"
    if re.search(r"本报讯|记者|答记者问|新闻发布会|上接\d+版|下转\d+版|日报|晚报", head) or "发布" in title[-4:]:
        return "新闻解读"
    if re.search(r"纲要|规划", title):
        return "规划纲要"
    if re.search(r"^各位代表", head[:500], re.M):
        return "政府工作报告"
    return "其他"


def _delivery(lines: list[str]) -> re.Match[str] | None:
    return next((m for line in lines[:40] if (m := _DELIVERY.match(line))), None)


_FULL_DATE = re.compile(r"(20\d\d)\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?")


def _iso(year: str, month: str, day: str) -> str | None:
    if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return None


def _date(lines: list[str], text: str) -> str | None:
    """The delivery date of a report, else the first full date near the top that is not a portal's
    posting time (which is not the document's date); month-day alone is not enough."""
    delivery = _delivery(lines)
    if delivery:
        return _iso(*delivery.groups()[:3])
    for line in text[:3000].split("\n"):
        for m in _FULL_DATE.finditer(line):
            iso = _iso(*m.groups())
            if iso and not re.search(r"^\s*(时间|来源)|发布时间|发布日期|更新时间", line[: m.start()]):
                return iso
    return None


def _plan_period(title: str, doc_type: str, date: str | None, text: str) -> str | None:
    for name, period in _PLAN_PERIODS.items():
        if name in title or re.search(rf"第{name[:-1]}个五年", title):
            return period
    m = re.search(r"(20\d\d)\s*[-—–~至]\s*(20\d\d)\s*年", title)
    # The title drops a trailing note in brackets: "…行动计划(2021-2023年)" states its period there.
    m = m or re.search(r"(?:计划|规划|方案|纲要)\s*[（(](20\d\d)\s*[-—–~至]\s*(20\d\d)\s*年?[)）]", text[:500])
    if m:
        return f"{m.group(1)}–{m.group(2)}"
    if doc_type == "政府工作报告":
        # A work report sets out a five-year period only where it states that period's goals.
        m = re.search(r"[“\"]?(十[三四五六]五)[”\"]?时期(?:经济社会发展的?)?主要目标", text)
        if m:
            return _PLAN_PERIODS[m.group(1)]
        year = work_year(date)
        if year and re.search(r"(今后|未来)五年", text):
            return f"{year}–{year + 4}"
        return None
    head = text[:3000]
    for name, period in _PLAN_PERIODS.items():
        if f"{name}规划" in head:
            return period
    return None


_LEVEL_WORD = r"(?:自治区|自治州|自治县|地区|省|市|州|盟|县|旗|区)"
_NOT_STEM = re.compile(r"[年月日的和与及在于对为是了等各全本我该此其新城都上下门夜股楼]|人民|政府|工作|报告|发展")
_NOT_PLACES = {"城市", "省市", "州市", "县市", "县区", "市区", "城区", "地区", "社区", "园区", "景区", "开发区", "新区"}


def _places(phrase: str) -> list[str]:
    """The chain of place names a phrase starts with, largest first: 云岭州东湖区 → [云岭州, 东湖区]."""
    chain = []
    rest = re.sub(r"^\d{4}\s*年(度)?", "", phrase)
    while True:
        m = re.match(rf"([{_CJK}]{{2,7}}?{_LEVEL_WORD})(?![长场民委])", rest)
        if not m or _NOT_STEM.search(m.group(1)[:-1]) or m.group(1) in _NOT_PLACES:
            return chain
        chain.append(m.group(1))
        rest = rest[m.end() :]


def _title_place(title: str) -> str | None:
    """The smallest place named at the start of the title or after its headline (——, 《, a year)."""
    for start in [0, *(m.end() for m in re.finditer(r"——|《|\d{4}\s*年|[:：]", title))]:
        chain = _places(title[start:])
        if chain:
            return chain[-1]
    return None


def _region(title: str, lines: list[str], text: str) -> str | None:
    name = _title_place(title)
    if name is None:
        delivery = _delivery(lines)
        chain = _places(delivery.group(4)) if delivery else []
        name = chain[-1] if chain else None
    if name is None:  # "我代表青河市人民政府", a signature "东湖区人民政府区长"
        for m in re.finditer(rf"([{_CJK}]{{2,12}}?)人民政府", text[:3000]):
            for start in range(len(m.group(1))):
                chain = _places(m.group(1)[start:])
                if chain and "".join(chain) == m.group(1)[start:]:
                    name = chain[-1]
                    break
            if name:
                break
    if name is None:
        paper = re.search(rf"([{_CJK}]{{2}})(日报|晚报)", text[:3000])
        name = paper.group(1) + "市" if paper else None
    if name is None:
        # A real place name recurs on its own too (青河 … 青河市); 创新型城市 gives no 型城.
        stems = {a + b for a, b in re.findall(rf"([{_CJK}]{{2}})(市|县)(?![场民长])", text)}
        stems = {s for s in stems if s not in _NOT_PLACES and not _NOT_STEM.search(s[:-1])}
        counts = Counter({stem: text.count(stem[:-1]) for stem in stems})
        best = counts.most_common(1)
        name = best[0][0] if best and best[0][1] >= 3 else None
    return name


def _level(region: str | None, text: str) -> str | None:
    if region is None:
        return None
    if region in _MUNICIPALITIES or region.endswith(("省", "自治区")):
        return "省"
    if region.endswith(("州", "盟", "地区")):
        return "市"
    if region.endswith(("县", "旗")):
        return "县"
    if region.endswith("区"):
        return "区"
    if re.search(r"省直管县|县级市|县\(市\)|县（市）", text):
        return "县级市"
    return "市"


def _issuing_body(title: str, doc_type: str, region: str | None, text: str) -> str | None:
    issuer = re.match(rf"([{_CJK}]{{4,30}}?(?:办公厅|办公室|人民政府|委员会|厅|局))关于", title)
    if issuer:
        return issuer.group(1)
    if doc_type in {"规划纲要", "政府工作报告"} and region:
        return f"{region}人民政府"
    m = re.search(rf"([{_CJK}]{{2,10}}(日报|晚报))", text[:1500])
    return m.group(1) if m else None


def describe_document(source: SourceText, clean: CleanText) -> DocumentInfo:
    lines = _lines(source.text)
    title = _title(lines)
    doc_type = _doc_type(title, clean.text)
    region = _region(title, lines, clean.text)
    date = _date(lines, source.text)
    return DocumentInfo(
        title=title or source.path,
        region=region,
        level=_level(region, clean.text),  # type: ignore[arg-type]
        doc_type=doc_type,  # type: ignore[arg-type]
        issuing_body=_issuing_body(title, doc_type, region, clean.text),
        date=date,
        plan_period=_plan_period(title, doc_type, date, clean.text),
        source_file=source.path,
        sha256=source.sha256,
        encoding=source.encoding,
        characters=len(source.text),
        format=source.format,  # type: ignore[arg-type]
        text_sha256=source.text_sha256 if source.extracted else None,
    )
