"""Benchmark: the whole pipeline on real documents with an embedded model, stage by stage.

    python tests/bench_model.py [--model NAME]... [--judge rules|model] [FILE ...]

Defaults: every embedded model that is installed, the rules judging (the default on the local
backend), and the five seeds. For each model it prints:

- model load seconds;
- decoding on one fixed request (the summary prompt of seed 000's facts): prompt tokens/s,
  free generation tokens/s, grammar-constrained (JSON schema) generation tokens/s, and the
  same request again, which llama.cpp answers with the prompt prefix already evaluated;
- per document: seconds per stage (read, clean, tables, segment, card, find, judge, merge,
  summary), model calls, tokens read and written, and tokens/s;
- the totals: model seconds and all seconds.

Figures, not pass/fail: the machine is shared, so compare two figures only from one run.
The response cache is not used: every request is answered by the model.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any

from summarizer.describe import SummaryDraft, passages_text
from summarizer.llm import ModelInfo, StructuredModel, llama_create
from summarizer.model_files import EMBEDDED_MODELS, ensure_embedded
from summarizer.models import Briefing
from summarizer.passages import key_passages
from summarizer.pipeline import Options, prepare_source, summarize_source
from summarizer.prompts import load_prompt
from summarizer.read import read_document

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def installed_models() -> list[str]:
    names = []
    for name in EMBEDDED_MODELS:
        try:
            ensure_embedded(name)
        except Exception:
            continue
        names.append(name)
    return names


def decoding(llama: Any, messages: list[dict[str, str]]) -> str:
    """Prompt and generation speed on one request: free text, then JSON-schema constrained, then again."""

    def timed(**kwargs: Any) -> tuple[float, dict[str, int]]:
        started = time.perf_counter()
        answer = llama.create_chat_completion(messages=messages, temperature=0, **kwargs)
        return time.perf_counter() - started, answer["usage"]

    llama.reset()  # the first request evaluates the whole prompt
    t_prompt, u_prompt = timed(max_tokens=1)
    t_free, u_free = timed(max_tokens=96)
    schema = {"type": "json_object", "schema": SummaryDraft.model_json_schema()}
    t_json, u_json = timed(max_tokens=96, response_format=schema)
    t_again, _ = timed(max_tokens=1)
    prompt_rate = u_prompt["prompt_tokens"] / t_prompt
    # Generation rates leave out the prompt, which is evaluated already (same prefix) in these calls.
    free_rate = u_free["completion_tokens"] / max(t_free - t_again, 1e-6)
    json_rate = u_json["completion_tokens"] / max(t_json - t_again, 1e-6)
    return (
        f"prompt {u_prompt['prompt_tokens']} tokens in {t_prompt:.2f}s ({prompt_rate:.0f} tokens/s); "
        f"same prompt again {t_again:.2f}s (prefix kept); "
        f"free generation {u_free['completion_tokens']} tokens, {free_rate:.1f} tokens/s; "
        f"JSON-schema grammar {u_json['completion_tokens']} tokens, {json_rate:.1f} tokens/s"
    )


def document(path: Path, model: StructuredModel, judge_with: str) -> tuple[dict[str, float], Briefing]:
    times: dict[str, float] = {}
    started = time.perf_counter()
    source = read_document(path)
    times["read"] = time.perf_counter() - started
    briefing = summarize_source(source, model, Options(judge=judge_with), stage_seconds=times)
    return times, briefing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", action="append", help="embedded model name (default: every installed one)")
    parser.add_argument("--judge", choices=("rules", "model"), default="rules")
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()
    files = args.files or sorted(SEEDS.glob("*.txt"))
    from llama_cpp import Llama

    for name in args.model or installed_models():
        path, sha = ensure_embedded(name)
        started = time.perf_counter()
        llama = Llama(model_path=str(path), n_ctx=4096, n_threads=os.cpu_count() or 2, verbose=False, seed=0)
        load = time.perf_counter() - started
        print(f"## {name}: load {load:.1f}s, {os.cpu_count()} threads, judge by {args.judge}")
        prompt = load_prompt("summary")
        # The decoding request: the summary prompt of the first document's key passages.
        prepared = prepare_source(read_document(files[0]))
        passages = key_passages(prepared.clean.text, prepared.sections, prepared.document)
        messages = prompt.messages(
            title=passages.title, doc_type=prepared.document.doc_type, text=passages_text(passages)
        )
        print("   decoding:", decoding(llama, messages))
        total_model = total_all = 0.0
        for file in files:
            model = StructuredModel(ModelInfo("local", name, sha), llama_create(llama))
            times, briefing = document(file, model, args.judge)
            usage = briefing.run.usage
            model_seconds = times["summary"] + (times["judge"] if args.judge == "model" else 0.0)
            rate = usage.completion_tokens / model_seconds if model_seconds else 0.0
            total_model += model_seconds
            total_all += sum(times.values())
            stages = "  ".join(f"{k} {v:.2f}s" for k, v in times.items())
            print(
                f"   {file.name}: {stages} | {usage.calls} calls, {usage.prompt_tokens} tokens read, "
                f"{usage.completion_tokens} written, {rate:.1f} written/s of model time"
            )
        print(f"   total: model {total_model:.1f}s, all stages {total_all:.1f}s, {len(files)} documents")


if __name__ == "__main__":
    main()
