"""The review site without a browser: where each page's source text comes from, and the `report` command
(tests/test_site_browser.py opens the pages in Chromium)."""

from __future__ import annotations

import hashlib
import json
import shutil

from conftest import REPO, SEED_STEMS
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.site import load_briefing, load_source, mark_spans

SEED_003 = REPO / "outputs" / f"{SEED_STEMS['003']}.json"


def test_an_extracted_text_is_read_beside_the_briefing_and_checked_against_text_sha256(tmp_path):
    briefing = load_briefing(SEED_003)
    text = (REPO / briefing.document.source_file).read_text(encoding="utf-8")
    doc = briefing.document
    doc.format, doc.encoding, doc.source_file = "pdf", "pdf", "/elsewhere/plan.pdf"
    doc.text_file, doc.text_sha256 = "plan.source.txt", hashlib.sha256(text.encode("utf-8")).hexdigest()
    (tmp_path / "plan.source.txt").write_text(text, encoding="utf-8")
    source = load_source(briefing, tmp_path / "plan.json")
    assert source.text == text and source.path == tmp_path / "plan.source.txt"
    (tmp_path / "plan.source.txt").write_text(text + "。", encoding="utf-8")
    assert "has changed" in load_source(briefing, tmp_path / "plan.json").problem
    doc.text_file = None  # summarized without -o: the text was never written
    assert "summarize with -o" in load_source(briefing, tmp_path / "plan.json").problem


def test_a_relative_source_file_is_found_from_the_briefings_folder_too(tmp_path):
    briefing = load_briefing(SEED_003)
    (tmp_path / "out").mkdir()
    (tmp_path / "docs").mkdir()
    shutil.copy(REPO / briefing.document.source_file, tmp_path / "docs" / "plan.txt")
    briefing.document.source_file = "../docs/plan.txt"
    source = load_source(briefing, tmp_path / "out" / "plan.json", cwd=tmp_path / "elsewhere")
    assert source.path == tmp_path / "out" / "../docs/plan.txt" and source.text is not None


def test_overlapping_spans_are_cut_into_shared_pieces():
    marked = mark_spans("甲乙丙丁戊", [("G1", "goals", 0, 3), ("I1", "indicators", 1, 5), ("X", "goals", 4, 9)])
    assert marked.segments == {"G1": (0, 1), "I1": (1, 2)}  # X ends past the text: not linked
    assert str(marked.html) == (  # a piece both cover takes the colour of the kind listed first (indicators)
        '<span id="s0" class="m k-goals">甲</span><span id="s1" class="m k-indicators">乙丙</span>'
        '<span id="s2" class="m k-indicators">丁戊</span>'
    )


def test_the_report_command_writes_an_index_and_a_page_per_briefing(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)  # the committed briefings name their source relative to the repository
    shutil.copy(SEED_003, tmp_path / "a.json")
    result = CliRunner().invoke(app, ["report", str(SEED_003), str(tmp_path / "a.json"), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == [
        f"{SEED_003.stem}.html",
        "a.html",
        "compare.html",  # two briefings: their indicators side by side
        "index.html",
    ]
    assert "warning" not in result.output  # both sources found and checked
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(tmp_path / "bad.json"), "-o", str(tmp_path / "site2")])
    assert result.exit_code == 2 and "bad.json: not a valid briefing" in result.output


def test_the_comparison_page_links_each_statement_to_its_item(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    news, plan = sorted((REPO / "outputs").glob("000_*.json"))[0], sorted((REPO / "outputs").glob("002_*.json"))[0]
    result = CliRunner().invoke(app, ["report", str(news), str(plan), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "site" / "compare.html").read_text(encoding="utf-8")
    shared = page.split("Stated by one document")[0]
    # Both documents state 地区生产总值 for 2025 (the city's news, the county-level city's plan): one row.
    assert "地区生产总值" in shared
    for briefing in (news, plan):
        ids = [
            i["id"]
            for i in json.loads(briefing.read_text(encoding="utf-8"))["indicators"]
            if i["name"] == "地区生产总值"
        ]
        assert any(f'href="{briefing.stem}.html#{item_id}"' in shared for item_id in ids)
