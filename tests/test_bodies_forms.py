"""Responsible bodies in every form the genre writes them, with their role (places and organs invented or generic)."""

from __future__ import annotations

import pytest

from summarizer.pipeline import summarize_source
from summarizer.read import source_from_bytes


def bodies(text: str) -> dict[str, str | None]:
    briefing = summarize_source(source_from_bytes(text.encode(), "notice.txt"), None)
    return {b.name: b.role for b in briefing.responsible_bodies}


HEAD = "青河市人民政府办公厅关于印发某某行动方案的通知\n各区人民政府，市政府各部门：\n现印发给你们，请认真贯彻执行。\n"


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("责任单位", "负责"),
        ("牵头单位", "牵头"),
        ("配合单位", "配合"),
        ("牵头考核单位", "牵头"),
        ("主责单位", "负责"),
        ("责任部门", "负责"),
        ("牵头部门", "牵头"),
        ("推进单位", "负责"),
    ],
)
@pytest.mark.parametrize("form", ["（{label}：{units}）", "{label}：{units}"])
def test_a_labelled_list_at_a_lines_end_gives_each_unit_its_role(label, role, form):
    units = "市发展改革委、市财政局"
    text = HEAD + "一、加快建设某某平台，完善服务体系。" + form.format(label=label, units=units) + "\n二、其他。\n"
    found = bodies(text)
    assert found["市发展改革委"] == role and found["市财政局"] == role


def test_a_note_of_who_is_responsible_after_each_task():
    text = HEAD + (
        "（一）加大资金支持。（市财政局负责）\n"
        "（二）优化审批服务。（市政务服务管理局牵头，市自然资源和规划局、市住房城乡建设局配合）\n"
        "（三）加强人才培养。（市人力资源社会保障局会同有关部门负责）\n"
        "（四）做好宣传。（各区人民政府负责）\n"
    )
    found = bodies(text)
    assert found["市财政局"] == "负责"
    assert found["市政务服务管理局"] == "牵头"
    assert found["市自然资源和规划局"] == "配合" and found["市住房城乡建设局"] == "配合"
    assert found["市人力资源社会保障局"] == "负责"
    assert not any(name.startswith("各") or name == "区人民政府" for name in found)  # addressees are not bodies
    assert found["青河市人民政府办公厅"] == "发布"  # the office that issues the notice


def test_the_first_named_unit_leads_where_the_text_says_so():
    text = HEAD + (
        "（一）提升装备水平。（工业和信息化部、农业农村部等负责。列第一位者为牵头单位，下同）\n"
        "（二）完善标准。（农业农村部、市场监管总局负责）\n"
    )
    found = bodies(text)
    assert found["工业和信息化部"] == "牵头"
    assert found["农业农村部"] == "负责"  # one record per body, at its first list, where it is not first


def test_a_table_column_of_responsible_units():
    text = HEAD + (
        "附件：重点任务分工\n"
        "| 序号 | 重点任务 | 牵头单位 | 配合单位 |\n"
        "| 1 | 建设某某平台 | 市数据资源局 | 市财政局、市科技局 |\n"
        "| 2 | 完善标准体系 | 市市场监管局 | 各区人民政府 |\n"
    )
    found = bodies(text)
    assert found["市数据资源局"] == "牵头" and found["市市场监管局"] == "牵头"
    assert found["市财政局"] == "配合" and found["市科技局"] == "配合"
    assert "各区人民政府" not in found


def test_central_organs_by_their_short_names():
    text = (
        "国务院关于某某工作的意见\n各省、自治区、直辖市人民政府：\n"
        "一、加强金融支持。（人民银行、银保监会、证监会负责）\n"
    )
    briefing = summarize_source(source_from_bytes(text.encode(), "opinion.txt"), None)
    found = {b.name: b for b in briefing.responsible_bodies}
    assert found["人民银行"].canonical_name == "中国人民银行" and found["人民银行"].level == "国家"
    assert found["银保监会"].canonical_name == "中国银行保险监督管理委员会"
    assert found["国务院"].role == "发布"
