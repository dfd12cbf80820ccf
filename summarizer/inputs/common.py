"""What every reader shares: its result, character forms, and tables as pipe rows."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Kangxi radicals (⼯ U+2F2F), CJK radicals supplement and compatibility ideographs: PDF fonts
# often map glyphs to these code points, which look like 工 and 日 but do not match them.
_RADICAL_FORMS = re.compile(r"[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff]")


# The CJK Radicals Supplement has no NFKC folds for most of its forms, yet PDF fonts map glyphs to them too
# (人⺠政府, 首⻚, 部⻔ in a browser's PDF of a portal page). Each maps to the ideograph Unicode names as its
# equivalent (EquivalentUnifiedIdeograph.txt); one character for one.
_SUPPLEMENT_RADICALS = str.maketrans(
    "⺁⺂⺃⺄⺅⺆⺇⺈⺉⺊⺋⺌⺍⺎⺏⺐⺑⺒⺓⺔⺕⺖⺗⺘⺙⺛⺜⺝⺞⺟⺠⺡⺢⺣⺤⺥⺦⺧⺨⺩"
    "⺪⺫⺬⺭⺮⺯⺰⺱⺲⺳⺴⺵⺶⺷⺸⺹⺺⺻⺼⺽⺾⺿⻀⻁⻂⻃⻄⻅⻆⻇⻈⻉⻊⻋⻌⻍⻎⻏⻐⻑"
    "⻒⻓⻔⻕⻖⻗⻘⻙⻚⻛⻜⻝⻞⻟⻠⻡⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻱⻲⻳",
    "厂乛乚乙亻冂几刀刂卜㔾小小尢尣尢尣巳幺彑彐忄心扌攵旡日月歺母民氵氺灬爫爫丬牛犭王"
    "疋目示礻竹糹纟罓罒网网网羊羊羋耂肀聿肉臼艹艹艹虎衤覀西见角角讠贝足车辶辶辶邑钅長"
    "镸长门阜阝雨青韦页风飞食食飠饣首马骨鬼鱼鸟卤麦黄黾斉齐歯齿竜龙龜亀龟",
)


@dataclass
class Extracted:
    """A document's text as a reader extracted it (see the package docstring for its convention)."""

    text: str
    # Offsets in `text` where each page begins (page 1 at index 0); empty for formats without pages.
    page_starts: list[int] = field(default_factory=list)


def ordinary_forms(text: str) -> str:
    """Kangxi radicals and compatibility ideographs as the unified ideographs they stand for.
    One character for one, so offsets do not move."""

    def ordinary(match: re.Match[str]) -> str:
        char = match.group(0)
        normal = unicodedata.normalize("NFKC", char)
        return normal if len(normal) == 1 else char

    return _RADICAL_FORMS.sub(ordinary, text.translate(_SUPPLEMENT_RADICALS))


def _cell(text: str | None) -> str:
    # A cell's own line breaks are layout; a pipe inside a cell would split it.
    joined = re.sub(r"\s*\n\s*", "", (text or "").strip())
    return joined.replace("|", "｜")


def pipe_table(rows: list[list[str | None]], title: str = "") -> str:
    """A table as Markdown pipe rows (first row the header), its title on the line above, and a blank line
    before and after. Rows are padded to the widest; rows with no text are left out."""
    cells = [[_cell(c) for c in row] for row in rows]
    cells = [row for row in cells if any(row)]
    if not cells:
        return ""
    width = max(len(row) for row in cells)
    lines = ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in cells]
    lines.insert(1, "| " + " | ".join(["---"] * width) + " |")
    return "\n" + (title.strip() + "\n" if title.strip() else "") + "\n".join(lines) + "\n\n"
