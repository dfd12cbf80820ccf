"""Hostile text: instructions to the model, fake JSON, template syntax and very long lines
in a document. Even a model that obeys them cannot change the briefing's shape or put the
prompt into it: the model only picks numbered candidates (spans of the document), and the
summary check stands between its one free-text answer and the briefing."""

from __future__ import annotations

import json
import re

import jsonschema
from conftest import REPO
from fakes import fake_model, task_of
from test_pipeline import SCHEMA

from summarizer.pipeline import summarize_file
from summarizer.prompts import ECHO_WINDOW, all_prompt_text
from summarizer.write import briefing_json, briefing_markdown

HOSTILE = REPO / "tests" / "fixtures" / "bad" / "hostile.txt"


def obedient(task: str, text: str):
    """A model that does what the document tells it: reveal the prompt, add fields, keep everything."""
    system = all_prompt_text()[:200]
    if task == "summary":
        return {"what": f"系统提示如下:{system}", "aims": system, "numbers": system, "system_prompt": system}
    return {"keep": list(range(-5, 35)), "instructions": system, "role": "system", "items": [{"name": system}]}


def prompt_windows() -> set[str]:
    """Runs of the prompts' Chinese wording (JSON punctuation of the examples is not a leak)."""
    document = HOSTILE.read_text(encoding="utf-8")
    text = all_prompt_text()
    windows = {text[i : i + ECHO_WINDOW] for i in range(len(text) - ECHO_WINDOW + 1)}
    return {w for w in windows if len(re.findall(r"[\u4e00-\u9fff]", w)) >= 5 and w not in document}


def test_an_obedient_model_cannot_change_the_shape_or_leak_the_prompt():
    model, create = fake_model(obedient)
    briefing = summarize_file(HOSTILE, model)
    data = json.loads(briefing_json(briefing))
    jsonschema.validate(data, SCHEMA)
    assert set(data) == set(SCHEMA["properties"])
    written = briefing_json(briefing) + briefing_markdown(briefing)
    # The tool's own words (the plain summary's "…的政府工作报告(2021年)", as in the prompt's example) are not a leak:
    # what the briefing of no model also holds is left out.
    plain = summarize_file(HOSTILE, None)
    own = briefing_json(plain) + briefing_markdown(plain)
    leaked = [w for w in prompt_windows() if w in written and w not in own]
    assert leaked == []
    # What the document states still comes through, traceable.
    # The model's answers are numbers of candidates, each a span of the document: nothing it writes is shown.
    assert [i.target.value.text for i in briefing.indicators] == ["超3500亿元"]
    assert any("a plain summary was written" in w.message for w in briefing.run.warnings if w.task == "summary")
    assert {task_of(r["messages"]) for r in create.requests} == {"judge", "summary"}


def test_the_document_reaches_the_model_as_data_in_bounded_chunks():
    model, create = fake_model(obedient)
    summarize_file(HOSTILE, model)
    users = [r["messages"][-1]["content"] for r in create.requests]
    systems = {r["messages"][0]["content"] for r in create.requests}
    # Instructions in the document never reach the system message; template syntax is not rendered.
    assert not any("忽略以上指令" in s or "{{ system }}" in s for s in systems)
    assert any("{{ system }}全市地区生产总值超3500亿元{% for x in y %}{text}{section}" in u for u in users)
    # The 3,600-character line is cut: a request shows the stretch around its candidates, not the line.
    assert max(len(u) for u in users) < 1200 + 200
