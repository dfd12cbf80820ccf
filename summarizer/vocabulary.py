"""The words of Chinese official writing that the pipeline and the eval both rely on.

One place for them, so that the stage that finds an item and the scorer that judges it
read the text the same way: quote marks, the qualifiers written around a number, the
structure words that end the name of a work, and the organ words and abbreviations of
government bodies. Only the genre's own words belong here, never a particular place's
bodies or works.
"""

from __future__ import annotations

# --- quote marks ------------------------------------------------------------------------------------------------------

# Applied after NFKC (which already folds ＂ and ＇ to ASCII): every double mark → '"', every single mark → "'".
DOUBLE_QUOTES = "“”„‟«»「」『』＂"
SINGLE_QUOTES = "‘’‚‛＇"
QUOTE_MARKS = str.maketrans(dict.fromkeys(DOUBLE_QUOTES, '"') | dict.fromkeys(SINGLE_QUOTES, "'"))

# --- qualifiers of a number -------------------------------------------------------------------------------------------

# As a value is written ("超3500亿元", "8%以上"): before and after the number, longest first so 超过 wins over 超.
VALUE_PREFIXES = (
    "不低于",
    "不少于",
    "不超过",
    "不高于",
    "控制在",
    "力争",
    "突破",
    "超过",
    "达到",
    "保持",
    "低于",
    "高于",
    "超",
    "约",
    "近",
    "达",
)
VALUE_SUFFIXES = ("以上", "以下", "以内", "左右", "以下", "内")
# Written before a number but verbs, not qualifiers (GUIDELINES.md): kept in the text, not in `qualifier`.
VERB_PREFIXES = frozenset({"达到", "达", "保持", "力争"})
NOT_QUALIFIERS = frozenset({"达到", "达", "力争", "保持", "控制在", "实现", "确保"})

# The qualifier a clause puts beside a value the model copied without it ("超" before "4.8万元").
QUALIFIERS_BEFORE = ("不低于", "不少于", "不超过", "不高于", "超过", "突破", "高于", "低于", "超", "约", "近")
QUALIFIERS_AFTER = ("以上", "以下", "以内", "左右")

# Every qualifier word by its class, for comparing: ">" strict lower bound, ">=" lower bound,
# "<" strict upper bound, "<=" upper bound, "~" approximate.
QUALIFIER_CLASSES: dict[str, str] = {
    "超过": ">",
    "超": ">",
    "突破": ">",
    "高于": ">",
    "大于": ">",
    "多于": ">",
    "多": ">",
    "余": ">",
    "以上": ">=",
    "不低于": ">=",
    "不少于": ">=",
    "至少": ">=",
    "低于": "<",
    "少于": "<",
    "小于": "<",
    "以内": "<=",
    "之内": "<=",
    "不超过": "<=",
    "不高于": "<=",
    "不多于": "<=",
    "以下": "<=",
    "左右": "~",
    "上下": "~",
    "约": "~",
    "大约": "~",
    "近": "~",
    "接近": "~",
    "将近": "~",
}

# Units written after a number, longest first where one begins another (万亿元 before 亿元).
UNITS = (
    "个百分点|百分点|%|‰|万亿元|亿美元|万美元|美元|亿元|万元|元|万千瓦时|千瓦时|万千瓦|千瓦|万吨标准煤|吨标准煤|万吨|吨|"
    "万平方米|平方米|平方公里|公顷|万亩|亩|公里|千米|米|万人次|万人|人次|人|万户|户|万辆|辆|万家|家|个|项|件|所|张|床|座|条|"
    "天|年|岁|倍|套|台|部|处|次|元/人|万元/人|小时|"
    # Harvests, herds, ports, air and water: 亿斤 of grain, 万头 of livestock, 万标箱, 微克/立方米 of PM2.5.
    "亿斤|万斤|斤|万头|头|万标准箱|标准箱|万标箱|标箱|微克/立方米|亿立方米|万立方米|立方米|架次|艘"
)

# --- named works ------------------------------------------------------------------------------------------------------

# The name of a work ends in a structure word (…大桥, …产业园, …医院) or is called 项目.
STRUCTURE_WORDS = (
    "桥|路|大道|公路|高速|铁路|快车道|快速路|轨道|地铁|机场|港|码头|园|园区|基地|医院|学校|学院|大学|中学|小学|幼儿园|"
    "馆|水库|电站|电厂|厂|管网|管廊|枢纽|片区|新城|新区|湾区|城|综合体|小镇|公园|广场|中心|站|场|隧道|堤|渠|闸|大厦|街|项目"
)

# Words that end the name of a work in a list of works but are not structures themselves: the
# work done on a place (…综合整治, …快速化改造, …生态修复工程) and facilities named by function.
WORK_WORDS = (
    "工程|整治|改造|更新|提升|修复|治理|迁建|搬迁|扩建|提质|亮化|绿化|实验室|研究院|研究所|总部|平台|大厅|"
    "功能区|变电站|生产线|基地|产业园|示范园|公园|景区|综合体"
)
# Counted things: a count before its object names the object ("新建20个养老服务中心").
# Words that never name what is counted or measured: verbs of doing (新建 names the act, the object after
# the count names the thing), adverbs, time and comparison words, subjects. An indicator named by one of
# these alone takes the count's object, or else the clause as written.
BARE_VERBS = (
    "划定|细化|结合|完工|竣工|办好|抓好|做好|完成好|建立|建成|建设|新建|改建|扩建|创建|设立|投入|大干|利用|探索|实施|"
    "扶持|支持|选择|优选|遴选|加装|扩充|更换|感受|留足|打通|完成|推进|推动|培育|打造|引进|启动|开展|组织|提供|"
    "新增|新开工|开工|改造|提升|提高|增加|减少|降低|下降|达到|实现|争取|确保|力争|形成|带动|吸引|举办|召开|解决|"
    "整治|消除|治理|拆除|发放|安排|落实|新培育|加快推动|加快|推广|覆盖|帮助|培训|招收|招聘|录取|投资"
)
BARE_WORDS = (
    "每年|全年|今年|明年|同比|较上年|比上年|比上届|还有|有条件|不宜|经过|通过|其中|目前|当前|整体|总体|"
    "我们|全市|全省|全县|全区|我市|我省|我区|我县|全国|国家|省级|市级|区级|县级|力度|规模|水平|能力"
)

COUNT_UNITS = "个|项|所|座|家|条|处|间|台|张|名|户|套|辆|批|类|条|座"

# --- government bodies ------------------------------------------------------------------------------------------------

# The word that ends an organ's name; a post after it (市工信局党委委员) is not part of the name.
ORGAN_WORDS = (
    r"委员会|人民政府|政府|国务院|领导小组|指挥部|办公室|委|(?<![布格结大全时开当残战饭赌])局|(?<![举创主承督包兴开])办|厅|署|"
    r"中心|人大|政协|党委|党组|法院|检察院"
)
NOT_ORGANS = "集团|公司|企业|银行|协会|学会|大学|学院"
# Bodies named without a level word: groups set up for a task, and the standard people's organizations.
GROUP_WORDS = "领导小组|工作组|专项工作组|委员会|指挥部|工作专班|工商联|总工会|妇联|团委|人大常委会|政协"

# The central government's organs by the short names its documents use (国务院 and its ministries,
# commissions and administrations are the country's, not a place's) -> full names.
CENTRAL_ABBREVIATIONS: dict[str, str] = {
    "发展改革委": "国家发展和改革委员会",
    "国家发展改革委": "国家发展和改革委员会",
    "国家发改委": "国家发展和改革委员会",
    "科技部": "科学技术部",
    "工业和信息化部": "工业和信息化部",
    "工信部": "工业和信息化部",
    "人力资源社会保障部": "人力资源和社会保障部",
    "人社部": "人力资源和社会保障部",
    "住房城乡建设部": "住房和城乡建设部",
    "住建部": "住房和城乡建设部",
    "市场监管总局": "国家市场监督管理总局",
    "税务总局": "国家税务总局",
    "统计局": "国家统计局",
    "体育总局": "国家体育总局",
    "民航局": "中国民用航空局",
    "人民银行": "中国人民银行",
    "人民银行总行": "中国人民银行",
    "银保监会": "中国银行保险监督管理委员会",
    "证监会": "中国证券监督管理委员会",
    "国资委": "国务院国有资产监督管理委员会",
    "国家卫生健康委": "国家卫生健康委员会",
    "卫生健康委": "国家卫生健康委员会",
    "国务院扶贫办": "国务院扶贫开发领导小组办公室",
    "国际发展合作署": "国家国际发展合作署",
    "网信办": "国家互联网信息办公室",
    "中央网信办": "中央网络安全和信息化委员会办公室",
    "文化和旅游部": "文化和旅游部",
    "广电总局": "国家广播电视总局",
    "知识产权局": "国家知识产权局",
    "海关总署": "海关总署",
}

# Abbreviated stem -> full stem of the common municipal and county departments; applied after the
# level prefix (省/市/县/区). An unknown name is its own canonical form.
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


# The five-year plan periods by name, with their first and last years.
PLAN_PERIODS = {
    "十一五": (2006, 2010),
    "十二五": (2011, 2015),
    "十三五": (2016, 2020),
    "十四五": (2021, 2025),
    "十五五": (2026, 2030),
    "十六五": (2031, 2035),
}


# A target's verdict against the result of its region (compare.py), as shown.
MET_LABELS = {"met": "达成", "missed": "未达成", "no result": "无实绩"}
