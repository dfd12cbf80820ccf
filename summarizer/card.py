"""The document card: title, type, region and level, issuing body, date, plan period and work year.

Read off the text with rules, because official documents state these in a few fixed ways: a
metadata block (a portal's 标题/发文机关/成文日期 lines, a front matter's 标题:/发布单位:), a heading
(often below portal boilerplate, sometimes spaced out as "政 府 工 作 报 告"), a delivery line
("——2026年1月25日在…人民代表大会…会议上"), the speaker's "我代表X人民政府", a signature and its date,
an addressee line ("各市人民政府，省政府各部门：") that is never the title. The region is read from the
document's own chain of places (title, delivery line, issuing body, X人民政府), never from a newspaper's
name, a salutation or a person. A rule that is wrong is easy to see and fix, and `summarizer eval`
scores every field against the gold cards and the corpus cards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from .clean import CleanText
from .models import DocumentInfo, work_year
from .read import SourceText
from .vocabulary import PLAN_PERIODS

_PLAN_PERIODS = {name: f"{first}–{last}" for name, (first, last) in PLAN_PERIODS.items()}
# The country's four municipalities directly under the central government are province level
# (an administrative fact, like the provinces' names being 省).
_MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
NATIONAL = "全国"

_CJK = r"\u4e00-\u9fff"
_SPACED = re.compile(rf"(?<=[{_CJK}])[ \u3000]+(?=[{_CJK}])")
_TAG = re.compile(r"<[^<>]{0,200}>")
# Portal and database boilerplate above a document: buttons, font-size controls, source and time lines.
_BOILERPLATE = re.compile(
    r"^(下载|打印|全屏|收藏|分享|关闭|【?字号|加大|还原|减小|】|来源[:：]|时间[:：]|发布时间|作者[:：]|编辑[:：]|责任编辑|"
    r"浏览次数|【法宝引证码】|原文链接|文/|本报记者|点击|扫一扫|>|---)"
)
_ADDRESSEE = re.compile(r"^(各|[^，,。]{0,20}各[^，,。]{0,10}[，、,])|[:：]$")
# A line of running text, not a heading: a sentence end, or a clause with commas that opens a speech.
_PROSE = re.compile(r"[。！？]$|^(现在|各位代表|我代表)|[，,].*[，,]")
# A numbered part of the body ("一、2023年工作回顾", "（三）…", "第二章 …"): a heading, never the title.
_PART_HEADING = re.compile(
    r"^(?:\d{1,2}[.．、]\s*[\u4e00-\u9fff]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|第[一二三四五六七八九十\d]+[章节篇部分])"
)
# "——2027年1月20日在青河市第九届人民代表大会第二次会议上": it gives the date, not the title.
_DELIVERY = re.compile(
    r"^[—–\-－]{0,2}\s*[(（]?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*在(.{2,40}?)(?:第.{1,4}届)?人民代表大会"
)
_TITLE_WORDS = re.compile(r"规划|纲要|政府工作报告|报告|综述|解读|通知|意见|方案|计划|办法|决定|公报|答记者问")
_PAREN_NOTE = re.compile(r"[(（][^()（）]*\d{4}\s*年[^()（）]*[)）]$")  # "(2030年12月30日 某某)"
# Metadata keys of a portal's index block or a front matter, spaces removed.
_META_KEYS = {"标题": "title", "发文机关": "issuer", "发布单位": "issuer", "成文日期": "date", "发布日期": "posted"}
_META_LINE = re.compile(rf"^([{_CJK}\u3000 ]{{2,8}})[:：]\s*(.*)$")


def _plain(raw: str) -> str:
    return _SPACED.sub("", re.sub(r"^#+\s*", "", raw.strip())).strip("*").strip()


def _lines(text: str) -> list[str]:
    """The file's own lines, stripped: the card reads headings as printed, before the cleaner joins
    lines that lack a sentence end (which would join a heading to the portal line above it). A stored
    web page's tags end lines."""
    return _split_lines(text[:20000])


def _split_lines(text: str) -> list[str]:
    head = _TAG.sub("\n", text) if "</" in text[:3000] else text
    lines = []
    for raw in head.split("\n"):
        if raw.lstrip().startswith("|"):  # a pipe row of a web page's layout table: its cells are lines
            parts = raw.strip().strip("|").split("|")
        elif len(raw) > 300:  # paragraphs run together with spaces between them
            parts = re.split(r"\s{2,}|(?<=号)\s|\s(?=[^\s]{1,4}〔\d{4}〕)", raw)
        else:
            parts = [raw]
        lines += [line for part in parts if (line := _plain(part))]
    return lines


def _metadata(lines: list[str]) -> dict[str, str]:
    """A portal's index block ("标　　题：" then the value on its own line) or a front matter ("标题: …")."""
    found: dict[str, str] = {}
    for i, line in enumerate(lines[:60]):
        m = _META_LINE.match(line)
        if not m:
            continue
        key = _META_KEYS.get(re.sub(r"[\s\u3000]", "", m.group(1)))
        value = m.group(2).strip()
        if not value and i + 1 < len(lines) and not _META_LINE.match(lines[i + 1]):
            value = lines[i + 1]
        if key and value and key not in found:
            found[key] = value
    return found


def _is_heading_line(line: str) -> bool:
    return (
        not _BOILERPLATE.match(line)
        and not _ADDRESSEE.search(line)
        and not _PROSE.search(line)
        and not _META_LINE.match(line)
        and not _PART_HEADING.match(line)
        and len(line) <= 100
    )


def _title(lines: list[str], meta: dict[str, str]) -> str:
    """The metadata's title, else the first heading line that names a document kind; a subtitle is joined
    to the headline above it.

    A subtitle is a line starting with —— (not a delivery line), or the keyword line right after a short
    headline that opens the document (a newspaper's main title and subtitle)."""
    if meta.get("title"):
        return _plain(meta["title"])
    # The title stands above the speech: a work report's body starts at 各位代表 / 我代表.
    body = next((i for i, line in enumerate(lines[:40]) if re.match(r"(各位代表|现在，?我代表)", line)), 40)
    top = [(i, line) for i, line in enumerate(lines[:body]) if _is_heading_line(line) and not _DELIVERY.match(line)]
    pick = next((k for k, (_, line) in enumerate(top) if _TITLE_WORDS.search(line)), None)
    if pick is None:
        short = [k for k, (_, line) in enumerate(top) if len(line) <= 40 and re.search(f"[{_CJK}]{{4}}", line)]
        pick = short[0] if short else None
    if pick is None:
        return ""
    index, title = top[pick]
    title = _PAREN_NOTE.sub("", title).strip()
    # The document number run into the title ("…的通知国发〔2031〕9号").
    title = re.sub(r"(?<=通知|意见|方案|规划|纲要|报告|办法|决定|计划)[^〔]{1,4}〔\d{4}〕\d+号$", "", title)
    # A title wrapped over two lines: the second starts with a conjunction and ends the kind's name.
    if index + 1 < len(lines) and re.match(r"[和与及暨]", lines[index + 1]) and _TITLE_WORDS.search(lines[index + 1]):
        title += lines[index + 1]
    if pick > 0 and index > 0:
        before_index, before = top[pick - 1]
        headline = re.fullmatch(rf"[{_CJK}]{{4,20}}", before) is not None and before_index == index - 1
        if title.startswith("——") or (headline and pick == 1 and not _TITLE_WORDS.search(before)):
            title = before + ("" if title.startswith("——") else "——") + title
    return title if len(title) <= 100 else title[:60] + "…"


# "现在，我代表青河市人民政府，向大会报告政府工作": the speech that opens a work report.
_SPEECH = re.compile(r"我代表([^，,。\s]{0,20}?)(人民政府|国务院|政府)[^。]{0,12}?(?:向大会|报告)")


def _doc_type(title: str, text: str) -> str:
    head = text[:3000]
    if "综述" in title:
        return "工作综述"
    if "解读" in title or "答记者问" in title:
        return "新闻解读"
    # A work report is one whoever printed it: a newspaper or portal carrying the full text.
    if "政府工作报告" in title or (re.search(r"各位代表[:：]", head[:600]) and _SPEECH.search(head)):
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
    """The delivery line, also where a layout broke it in two ("——2031年1月20日在青河市第五届" / "人民代表大会…")."""
    top = lines[:40]
    for i, line in enumerate(top):
        m = _DELIVERY.match(line) or (_DELIVERY.match(line + top[i + 1]) if i + 1 < len(top) else None)
        if m:
            return m
    return None


_FULL_DATE = re.compile(r"((?:19|20)\d\d)\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?")
_DATE_LINE = re.compile(
    r"^[(（]?\s*((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[)）]?(?:[(（][^()（）]{0,12}[)）])?$"
)


def _iso(year: str, month: str, day: str) -> str | None:
    if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return None


_ORGAN_LINE = re.compile(rf"^[{_CJK}]{{0,30}}(?:国务院|人民政府|办公厅|办公室|委员会|办事处|局|厅|委|部)$")
# "（2031年1月20日青河市第九届人民代表大会第三次会议批准）": the approval of a plan.
_APPROVAL = re.compile(
    r"^[(（]?\s*((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[^()（）。，]{0,40}(?:批准|通过)"
)
# A draft's cover date, which a PDF's text may run into the next heading ("2031 年 9 月 前 言").
_MONTH_LINE = re.compile(r"^((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月(?:\s*(?:前言|目录))?$")
_CN_DIGIT = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")


def _cn_date(line: str) -> re.Match[str] | None:
    """A date line written in Chinese numerals ("二○三一年十二月十五日") read as digits."""
    m = re.fullmatch(
        r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日", line
    )
    if not m:
        return None

    def small(cn: str) -> str:  # 十二 → 12, 二十五 → 25, 三十一 → 31
        tens, _, ones = cn.partition("十") if "十" in cn else ("", "", cn)
        value = (int(tens.translate(_CN_DIGIT)) if tens else (1 if "十" in cn else 0)) * 10
        return str(value + (int(ones.translate(_CN_DIGIT)) if ones else 0))

    return _DATE_LINE.match(f"{m.group(1).translate(_CN_DIGIT)}年{small(m.group(2))}月{small(m.group(3))}日")


def _signature_date(text: str) -> str | None:
    """The date under a signature: a date line right after an organ's line (a notice printed before the plan
    it issues signs near the top), else a date line of its own in the last lines of the document."""
    lines: list[str] = []
    for line in _split_lines(text):  # a signature spaced out letter by letter ("国  务  院") is one line again
        if len(line) == 1 and lines and re.fullmatch(rf"[{_CJK}]+", lines[-1]) and len(lines[-1]) < 4:
            lines[-1] += line
        else:
            lines.append(line)
    for organ, line in pairwise(lines):
        m = _DATE_LINE.match(line) or _cn_date(line)
        if m and _ORGAN_LINE.match(organ):
            return _iso(*m.groups())
    for line in reversed(lines[-15:]):
        m = _DATE_LINE.match(line) or _cn_date(line)
        if m:
            return _iso(*m.groups())
    return None


def _date(lines: list[str], text: str, meta: dict[str, str]) -> str | None:
    """The delivery date of a report, else the date the metadata says the document was written (成文日期),
    else the date under its signature, else a full date on a line of its own near the top (a portal's
    posting time is not the document's date; month-day alone is not enough)."""
    delivery = _delivery(lines)
    if delivery:
        return _iso(*delivery.groups()[:3])
    m = _FULL_DATE.search(meta.get("date") or "")
    if m:
        return _iso(*m.groups())
    signed = _signature_date(text)
    if signed:
        return signed
    for line in lines[:10]:  # a heading's note "(2030年12月30日 某某)": the day it was delivered
        note = _PAREN_NOTE.search(line)
        m = _FULL_DATE.search(note.group()) if note else None
        if m and _TITLE_WORDS.search(line[: note.start()]):  # type: ignore[union-attr]
            return _iso(*m.groups())
    for line, after in pairwise([*lines[:40], ""]):
        m = _DATE_LINE.match(line) or _APPROVAL.search(line + after)
        if m:
            return _iso(*m.groups())
    for line in lines[:40]:  # a draft's cover: "2031年9月"
        m = _MONTH_LINE.match(line)
        if m and 1 <= int(m.group(2)) <= 12:
            return f"{m.group(1)}-{int(m.group(2)):02d}"
    return None  # a portal's posting date (发布日期, 时间：) is not the document's date


def _plan_period(title: str, doc_type: str, date: str | None, text: str, year: int | None = None) -> str | None:
    for name, period in _PLAN_PERIODS.items():
        if name in title or re.search(rf"第{name[:-1]}个五年", title):
            return period
    m = re.search(r"(20\d\d)\s*年?\s*[-—–~至]+\s*(20\d\d)\s*年", title)
    # The title drops a trailing note in brackets: "…行动计划(2021-2023年)" states its period there.
    m = m or re.search(r"(?:计划|规划|方案|纲要)\s*[（(](20\d\d)\s*年?\s*[-—–~至]+\s*(20\d\d)\s*年?[)）]", text[:500])
    if m:
        return f"{m.group(1)}–{m.group(2)}"
    if doc_type == "政府工作报告":
        # A work report sets out a five-year period only where it states that period's goals.
        period_goals = (
            r"[“\"]?(十[一二三四五六]五)[”\"]?时期(?:(?!十[一二三四五六]五)[^。\n]){0,12}?(?:主要|奋斗|发展)目标"
        )
        m = re.search(period_goals, text)
        if m:
            return _PLAN_PERIODS[m.group(1)]
        year = year or work_year(date)
        # "未来五年，我们要…", "今后五年工作的总体要求和主要目标", "明确了今后五年的发展目标": the report sets
        # out the five years; "描绘好未来五年的发展蓝图" (a plan still to be drawn up) does not.
        five_years = r"(?:^|[。\n：:，,]|\s)\s*(?:今后|未来)五年[，,]|(?:今后|未来)五年[^。]{0,12}?(?:目标|主要任务)"
        if year and re.search(five_years, text, re.M):
            return f"{year}–{year + 4}"
        return None
    head = text[:3000]
    for name, period in _PLAN_PERIODS.items():
        if f"{name}规划" in head:
            return period
    return None


_LEVEL_WORD = r"(?:自治区|自治州|自治县|地区|街道|省|市|州|盟|县|旗|区|镇|乡)"
_NOT_STEM = re.compile(
    r"[年月日的和与及在于对为是了等各全本我该此其夜股楼向由将把从以]|人民|政府|工作|报告|发展|代表|推进|建设|服务"
    r"|以上|以下|线上|线下|上述|上下|新城|城市|都市|门户|实现|推动|建成|加快|促进|完成|提升|加强|深化|开展|打造"
)
_NOT_PLACES = {
    "城市", "省市", "州市", "县市", "县区", "市区", "城区", "地区", "社区", "园区", "景区", "开发区", "新区",
    "自治区", "直辖市", "单列市", "级市", "副省级市", "计划单列市", "地级市", "县级市",
}  # fmt: skip
# Words before a place that are not part of it: "我代表青河市人民政府", "在青河市第九届…".
_LEAD = re.compile(r"^(?:我|现在|代表|在|向|由|经|关于|印发|中共)+")


def _places(phrase: str) -> list[str]:
    """The chain of place names a phrase starts with, largest first: 云岭州东湖区 → [云岭州, 东湖区]."""
    chain = []
    rest = _LEAD.sub("", re.sub(r"^\d{4}\s*年(度)?", "", phrase))
    while True:
        m = re.match(rf"([{_CJK}]{{2,7}}?{_LEVEL_WORD})(?![长场民委级])", rest)
        if not m or _NOT_STEM.search(m.group(1)[:-1]) or m.group(1) in _NOT_PLACES:
            return chain
        chain.append(m.group(1))
        rest = rest[m.end() :]
        rest = re.sub(r"^人民政府(?=[\u4e00-\u9fff]{2,6}(?:街道|镇|乡))", "", rest)


def _title_place(title: str) -> str | None:
    """The smallest place named at the start of the title or after its headline (——, 《, a year)."""
    for start in [0, *(m.end() for m in re.finditer(r"——|《|\d{4}\s*年|[:：]", title))]:
        chain = _places(title[start:])
        if chain:
            return chain[-1]
    return None


# A central organ: the State Council and its offices, ministries and commissions, named without a place.
_CENTRAL = re.compile(
    r"^(?:中共中央|国务院|全国人大|国家[^\s，,。]{1,12}?(?:局|委|委员会|署|院)|"
    r"(?:[^\s，,。省市县区]{2,8}部)(?:办公厅)?$|中华人民共和国)"
)


def is_central(organ: str | None) -> bool:
    return bool(organ) and bool(_CENTRAL.match(organ or ""))


def _issuer_of_title(title: str) -> str | None:
    organ = r"(?:办公厅|办公室|人民政府|委员会|办事处|国务院|厅|局|委|部|门)"
    issuer = re.match(rf"([{_CJK}、等\d]{{0,40}}?{organ})关于", title)
    return issuer.group(1) if issuer else None


@dataclass(frozen=True)
class _Where:
    region: str | None
    national: bool


def _speaker(text: str) -> re.Match[str] | None:
    return _SPEECH.search(text[:3000])


def _region(title: str, lines: list[str], text: str, issuer: str | None) -> _Where:
    """The region from the document's own chain of places: the title, the delivery line, the issuing body,
    the speech "我代表X人民政府", a signature "X人民政府"; a central organ → the country."""
    speech = _speaker(text)
    if (speech and speech.group(2) == "国务院") or is_central(issuer) or is_central(_issuer_of_title(title)):
        return _Where(NATIONAL, True)
    name = _title_place(title)
    if name is None:
        delivery = _delivery(lines)
        chain = _places(delivery.group(4)) if delivery else []
        name = chain[-1] if chain else None
    if name is None and issuer:
        chain = _places(issuer)
        name = chain[-1] if chain else None
    if name is None and speech and speech.group(1):
        chain = _places(speech.group(1))
        name = chain[-1] if chain else None
    if name is None:
        # "青河市人民政府" as a line of its own (a signature) or in running text near the top.
        for m in re.finditer(rf"([{_CJK}]{{2,12}}?)人民政府", text[:3000] + "\n" + text[-800:]):
            for start in range(len(m.group(1))):
                chain = _places(m.group(1)[start:])
                if chain and "".join(chain) == m.group(1)[start:]:
                    name = chain[-1]
                    break
            if name:
                break
    if name is None and _CENTRAL_SPEAKER.search(text[:1500]):
        return _Where(NATIONAL, True)
    if name is None:
        name = _recurring_place(text)
    return _Where(name, False)


# A central organ that speaks in the text's first lines ("生态环境部有关负责人就…答记者问", "国家知识产权局…").
_CENTRAL_ORGAN = r"(?:国务院|国家[\u4e00-\u9fff]{1,10}?(?:局|委员会|委)|[\u4e00-\u9fff]{2,6}部)"
_CENTRAL_SPEAKER = re.compile(rf"{_CENTRAL_ORGAN}(?:有关负责人|负责人|新闻发言人|印发|发布|制定|围绕|关于)")
_WORDS_ENDING_IN_SHI = {
    "城市",
    "都市",
    "超市",
    "股市",
    "楼市",
    "夜市",
    "门市",
    "上市",
    "集市",
    "菜市",
    "全市",
    "我市",
    "本市",
}


_BRANDS = "平安|法治|健康|美丽|数字|幸福|文明|智慧|文化|生态|活力|创新|开放|新"


def _recurring_place(text: str) -> str | None:
    """A city the speech names only as 市 ("我代表市人民政府"): a stem the text writes with 市 as a name
    ("《青河市工业…》"; not 市民, 市场 …), else one the genre's formula names ("建设法治青河、平安青河"), seen
    at least three times in all; the most frequent wins."""
    named: dict[str, int] = {}
    for m in re.finditer(rf"(?:^|(?<=[《“\"（(\s]))([{_CJK}]{{2,4}}?)市(?![民场区级长容貌值政委])", text, re.M):
        stem = m.group(1)
        if stem + "市" in _WORDS_ENDING_IN_SHI or _NOT_STEM.search(stem) or stem + "市" in _NOT_PLACES:
            continue
        named.setdefault(stem, text.count(stem))
    branded: dict[str, int] = {}
    for m in re.finditer(rf"(?:{_BRANDS})([{_CJK}]{{2,4}}?)(?=[、，,。；;”\"\s]|建设)", text):
        stem = m.group(1)
        brands = set(re.findall(rf"({_BRANDS}){stem}(?=[、，,。；;”\"\s]|建设)", text))
        if not _NOT_STEM.search(stem) and len(brands) >= 2:  # 法治青河 and 健康青河: a place
            branded.setdefault(stem, text.count(stem))
    for counts in (named, branded):
        best = max(counts.items(), key=lambda kv: kv[1], default=None)
        if best and best[1] >= 3:
            return best[0] + "市"
    return None


def _level(region: str | None, national: bool, text: str) -> str | None:
    if national:
        return "国家"
    if region is None:
        return None
    if region in _MUNICIPALITIES or region.endswith(("省", "自治区")):
        return "省"
    if region.endswith(("州", "盟", "地区")):
        return "市"
    if region.endswith(("县", "旗")):
        return "县"
    if region.endswith(("街道", "镇", "乡")):
        return "乡镇"
    if region.endswith("区"):
        return "区"
    # The city is a county-level one where the text says so of itself ("省直管县", "先进县(市)"); "各县(市)"
    # names the counties under a prefecture city.
    if re.search(r"省直管县|县级市|(?<![各辖])县[(（]市[)）]", text):
        return "县级市"
    return "市"


def _issuing_body(issuer: str | None, doc_type: str, where: _Where, text: str) -> str | None:
    if issuer:
        return issuer
    paper = re.search(rf"([{_CJK}]{{2,10}}(?:日报|晚报))", text[:1500])
    if doc_type == "新闻解读" and paper and not where.national:  # a news article: the paper that printed it
        return paper.group(1)
    if doc_type == "新闻解读" and where.national:
        organ = _CENTRAL_SPEAKER.search(text[:1500])
        return re.sub(r"(有关负责人|负责人|新闻发言人|印发|发布|制定|围绕|关于)$", "", organ.group()) if organ else None
    if doc_type in {"规划纲要", "政府工作报告"}:
        if where.national:
            return "国务院"
        speech = _speaker(text)
        if speech and speech.group(1) and _places(speech.group(1)):
            return f"{speech.group(1)}人民政府"
        if where.region:
            return f"{where.region}人民政府"
    return None


# The work year, where no date gives it: a heading or sentence of the report's own ("二、2031年工作任务",
# "一、2030年工作回顾", "今年是'十三五'开局之年").
_AHEAD_HEADING = re.compile(
    r"((?:19|20)\d\d)年(?:的)?(?:工作任务|主要工作|重点工作|工作安排|工作建议|主要任务|目标任务|工作总体要求)"
)
_REVIEW_HEADING = re.compile(r"((?:19|20)\d\d)年(?:和[^，。\n]{0,12})?(?:工作|发展)?回顾")
_REVIEW_PERIOD = re.compile(rf"[“\"]?({'|'.join(PLAN_PERIODS)})[”\"]?(?:时期)?(?:工作|发展)?回顾")
_OPENING_YEAR = re.compile(
    rf"(?:今年|本年)是[^。]{{0,40}}?[“\"]?({'|'.join(PLAN_PERIODS)})[”\"]?[^。]{{0,20}}?(开局|起步|收官)之年"
)
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年(?:度)?[^，。]{0,20}政府工作报告")


def read_work_year(title: str, lines: list[str], text: str, date: str | None) -> int | None:
    """The year a work report plans for: its date's (the delivery date), else the title's year, else the
    year its own headings name (this year's tasks; last year's review + 1), else a 今年是…开局之年 statement."""
    if date:
        return work_year(date)
    m = _TITLE_YEAR.search(title)
    if m:
        return int(m.group(1))
    delivery = _delivery(lines)
    if delivery:
        return int(delivery.group(1))
    m = _AHEAD_HEADING.search(text)
    if m:
        return int(m.group(1))
    m = _REVIEW_HEADING.search(text)
    if m:
        return int(m.group(1)) + 1
    m = _OPENING_YEAR.search(text)
    if m:
        first, last = PLAN_PERIODS[m.group(1)]
        return first if m.group(2) in ("开局", "起步") else last
    m = _REVIEW_PERIOD.search(text)
    if m:
        return PLAN_PERIODS[m.group(1)][1] + 1
    return None


_GENRE_WORDS = (
    "政府工作报告|实施方案|行动计划|行动方案|工作方案|工作要点|指导意见|实施意见|规划纲要|纲要|专项规划|规划|意见|通知|"
    "决定|办法|细则|条例|公报|答记者问|解读|报告|综述"
)
_GENRE = re.compile(f"({_GENRE_WORDS})")


def read_genre(title: str, doc_type: str) -> str | None:
    """The kind of document its title names, the last genre word in it ("…实施方案的通知" → 通知); a notice
    issuing another document names both (通知（印发实施方案）). A work report is one by its type."""
    if doc_type == "政府工作报告":
        return "政府工作报告"
    if doc_type in ("新闻解读", "工作综述"):  # an article about a plan is not the plan ("…规划纲要发布")
        said = re.findall(r"答记者问|解读|综述", title)
        return said[-1] if said else ("解读" if doc_type == "新闻解读" else "综述")
    bare = re.sub(r"[(（][^()（）]*[)）]", "", title)  # "（2025年—2027年）" names no kind
    words = _GENRE.findall(bare)
    if not words:
        return "解读" if doc_type == "新闻解读" else None
    last = words[-1]
    issued = re.search(rf"印发.*?({_GENRE_WORDS})[》”\"]?的{last}$", bare)
    return f"{last}（印发{issued.group(1)}）" if issued and issued.group(1) != last else last


def describe_document(source: SourceText, clean: CleanText) -> DocumentInfo:
    lines = _lines(source.text)
    meta = _metadata(lines)
    title = _title(lines, meta)
    doc_type = _doc_type(title, clean.text)
    issuer = _issuer_of_title(title) or meta.get("issuer")
    where = _region(title, lines, clean.text, issuer)
    date = _date(lines, source.text, meta)
    year = read_work_year(title, lines, clean.text, date) if doc_type == "政府工作报告" else None
    return DocumentInfo(
        title=title,  # "" when the document never names itself: the renderers show the file name
        region=where.region,
        level=_level(where.region, where.national, clean.text),  # type: ignore[arg-type]
        doc_type=doc_type,  # type: ignore[arg-type]
        issuing_body=_issuing_body(issuer, doc_type, where, clean.text),
        date=date,
        plan_period=_plan_period(title, doc_type, date, clean.text, year),
        genre=read_genre(title, doc_type),
        work_year=year,
        source_file=source.path,
        sha256=source.sha256,
        encoding=source.encoding,
        characters=len(source.text),
        format=source.format,  # type: ignore[arg-type]
        text_sha256=source.text_sha256 if source.extracted else None,
    )
