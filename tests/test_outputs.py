"""The committed briefings of the seeds and the development documents (outputs/), made by the embedded model."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import REPO, SEED_STEMS

from summarizer.locate import normalize
from summarizer.models import Briefing
from summarizer.read import read_document

SCHEMA = json.loads((REPO / "schemas" / "briefing.schema.json").read_text(encoding="utf-8"))


OUTPUTS = sorted(p.stem for p in (REPO / "outputs").glob("*.json"))


def load(key: str) -> tuple[dict, Briefing]:
    stem = SEED_STEMS.get(key, key)
    path = REPO / "outputs" / f"{stem}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return data, Briefing.model_validate(data)


def test_there_is_an_output_for_every_gold_document():
    from summarizer.evals.run import gold_stems

    devdocs = REPO.parent / "shared" / "devdocs"
    expected = set(SEED_STEMS.values()) | {p.stem for p in devdocs.glob("*.txt")} | set(gold_stems())
    assert set(OUTPUTS) == expected


@pytest.mark.parametrize("stem", OUTPUTS)
def test_output_validates_against_the_published_schema(stem):
    data, briefing = load(stem)
    jsonschema.validate(data, SCHEMA)
    assert briefing.run.backend == "local"
    assert (REPO / "outputs" / f"{stem}.md").exists()


@pytest.mark.parametrize("stem", OUTPUTS)
def test_every_item_is_cut_from_the_original_file(stem):
    _, briefing = load(stem)
    source = REPO / briefing.document.source_file  # recorded relative to the repository
    if not source.exists():
        pytest.skip(f"{source} not found")
    original = read_document(source).text
    items = briefing.goals + briefing.key_projects + briefing.indicators + briefing.responsible_bodies
    assert items
    for item in items:
        ev = item.evidence
        assert normalize(original[ev.start : ev.end]) == normalize(ev.quote), (stem, item.id)


def test_seed_002_plan_table_comes_out_whole():
    _, briefing = load("002")
    rows = {i.table: i for i in briefing.indicators if i.table and i.table.startswith("专栏2")}
    assert [f"专栏2 第{n}项" in rows for n in range(1, 27)] == [True] * 26
    assert rows["专栏2 第1项"].target.value.text == "750" and rows["专栏2 第1项"].baseline.value.text == "500.24"
    assert rows["专栏2 第12项 城镇(元)"].target.value.text == "61133"
    assert len([t for t in rows if t.startswith("专栏2")]) == 30
    assert len([i for i in briefing.indicators if i.table and i.table.startswith("专栏1")]) == 30


def test_seed_000_2025_targets_with_their_qualifier():
    _, briefing = load("000")
    found = {(i.target.value.number, i.unit, i.qualifier, i.target.year) for i in briefing.indicators if i.target}
    for expected in ((3500, "亿元", "超", 2025), (260, "亿元", "超", 2025), (4.8, "万元", "超", 2025)):
        assert expected in found
