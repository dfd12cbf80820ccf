"""Names of government bodies: abbreviations to full names, and their level.

市发改委 and 市发展和改革委员会 are the same body; briefings and the eval compare
canonical names. The table covers the common abbreviations of municipal and
county departments; an unknown name is its own canonical form.
"""

from __future__ import annotations

import re

# Abbreviated stem -> full stem; applied after the level prefix (省/市/县/区).
ABBREVIATIONS: dict[str, str] = {
    "发改委": "发展和改革委员会",
    "发展改革委": "发展和改革委员会",
    "工信局": "工业和信息化局",
    "科技局": "科学技术局",
    "住建局": "住房和城乡建设局",
    "人社局": "人力资源和社会保障局",
    "自规局": "自然资源和规划局",
    "生态环境局": "生态环境局",
    "交通局": "交通运输局",
    "农业农村局": "农业农村局",
    "农业局": "农业农村局",
    "商务局": "商务局",
    "文旅局": "文化旅游广电体育局",
    "文旅广体局": "文化旅游广电体育局",
    "卫健委": "卫生健康委员会",
    "卫健局": "卫生健康局",
    "教育局": "教育局",
    "财政局": "财政局",
    "民政局": "民政局",
    "水利局": "水利局",
    "应急局": "应急管理局",
    "市场监管局": "市场监督管理局",
    "城管局": "城市管理和综合执法局",
    "医保局": "医疗保障局",
    "退役军人局": "退役军人事务局",
    "政府办": "人民政府办公室",
    "政府新闻办": "人民政府新闻办公室",
    "政府新闻办公室": "人民政府新闻办公室",
    "新闻办": "人民政府新闻办公室",
    "政府口岸办": "人民政府口岸办公室",
    "口岸办": "人民政府口岸办公室",
    "政府": "人民政府",
    "扶贫办": "扶贫开发办公室",
    "国资委": "国有资产监督管理委员会",
    "统计局": "统计局",
    "数据局": "数据资源局",
}
_LEVEL_PREFIX = re.compile(r"^(省|市|县|区|州|镇|乡)")
_LEVELS = {"省": "省", "市": "市", "县": "县", "区": "区", "州": "市", "镇": "乡镇", "乡": "乡镇"}


def canonical_body(name: str) -> str:
    """市发改委 -> 市发展和改革委员会; names without a known abbreviation are returned as written."""
    name = re.sub(r"\s+", "", name)
    m = _LEVEL_PREFIX.match(name)
    prefix = m.group(1) if m else ""
    stem = name[len(prefix) :]
    if stem in ABBREVIATIONS:
        return prefix + ABBREVIATIONS[stem]
    # A place name before the level: 湘潭市发改委 -> 湘潭市发展和改革委员会
    m2 = re.match(r"^(.{1,6}?[省市县区])(.+)$", name)
    if m2 and m2.group(2) in ABBREVIATIONS:
        return m2.group(1) + ABBREVIATIONS[m2.group(2)]
    return name


def body_level(name: str) -> str | None:
    if name.startswith(("国务院", "国家")):
        return "国家"
    m = re.match(r"^(?:.{0,6}?)(省|市|县|区)", name)
    if m:
        return _LEVELS[m.group(1)]
    return None
