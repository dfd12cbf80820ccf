"""The key facts a summary must carry, and the rule that says a summary carries one."""

from __future__ import annotations

from conftest import REPO

from summarizer.evals.gold import GOLD_DIR
from summarizer.evals.keyfacts import KeyFact, carried, load_keyfacts

GDP = KeyFact(
    "K3", "GDP growth target", "5%", (("地区生产总值", "生产总值", "GDP"), ("增长",)), "地区生产总值增长5%左右"
)
WHAT = KeyFact("K1", "what it is", None, (("政府工作报告",), ("青河市", "青河")), "青河市政府工作报告")


def test_a_fact_is_carried_by_one_sentence_holding_its_number_and_words():
    assert carried(GDP, "今年主要预期目标是地区生产总值增长5%左右。")
    assert carried(GDP, "青河市提出GDP增长百分之五。")  # the value reader: 百分之五 is 5%
    assert not carried(GDP, "地区生产总值保持增长。一般公共预算收入增长5%。")  # number and words in two sentences
    assert not carried(GDP, "地区生产总值增长5.5%。")  # another number
    assert carried(WHAT, "这是青河市人民政府的政府工作报告。") and not carried(WHAT, "这是一份政府工作报告。")


def test_every_gold_document_has_three_to_five_key_facts():
    stems = sorted(p.stem for p in GOLD_DIR.glob("*.json") if not p.name.endswith(".alternates.json"))
    assert len(stems) == 22
    for stem in stems:
        facts = load_keyfacts(stem)
        assert facts is not None and 3 <= len(facts) <= 5, stem
    assert (REPO / "evals" / "keyfacts").is_dir()
