"""Prompt templates: TOML files under `prompts/`.

`judge.toml` and `summary.toml` are the model's two tasks: a system message, worked
examples (small local models need them) and a user template with {placeholders}. Each
list kind has its own file (`indicators.toml` …) with its `label` and its `ask`, the line
of the judge prompt that says what an item of that kind is. Every file has a `version`,
recorded in every briefing and part of the cache key. Document text is substituted in one pass and never
interpreted: `{{ }}`, `{% %}` or `{text}` inside a document stay literal.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def prompts_dir() -> Path:
    """SUMMARIZER_PROMPTS_DIR if set; else the repository's prompts/ folder beside the package (a clone or an
    editable install); else the copy installed inside the package (a wheel, `pip install .`, pipx)."""
    override = os.environ.get("SUMMARIZER_PROMPTS_DIR")
    if override:
        return Path(override)
    repository = Path(__file__).resolve().parent.parent / "prompts"
    if repository.is_dir():
        return repository
    return Path(__file__).resolve().parent / "prompt_files"


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    system: str
    user: str
    examples: tuple[tuple[str, str], ...]
    label: str = ""  # a list kind's prompt: its name in the judge prompt (指标)
    ask: str = ""  # and what makes a candidate an item of it

    def messages(self, **values: str) -> list[dict[str, str]]:
        """A short system message that carries the worked examples, then the filled user template.

        Examples sit inside the system message rather than as earlier chat turns: with
        the 0.5B model, earlier turns made it copy the example's answer or mislabel
        fields, while the same example in the system message gave the right records.
        """
        system = render(self.system, values)
        for example_input, example_output in self.examples:
            system += f"\n\n示例文本:\n{example_input}\n示例输出:\n{example_output}"
        return [{"role": "system", "content": system}, {"role": "user", "content": render(self.user, values)}]


def render(template: str, values: dict[str, str]) -> str:
    """Fill {name} placeholders in one pass; the values are inserted verbatim."""

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise KeyError(f"prompt placeholder {{{key}}} has no value")
        return values[key]

    return _PLACEHOLDER.sub(fill, template)


@cache
def load_prompt(name: str) -> Prompt:
    path = prompts_dir() / f"{name}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return Prompt(
        name=data["name"],
        version=str(data["version"]),
        system=data.get("system", "").strip(),
        user=data.get("user", "").strip(),
        examples=tuple((e["input"].strip(), e["output"].strip()) for e in data.get("examples", [])),
        label=data.get("label", "").strip(),
        ask=data.get("ask", "").strip(),
    )


# Ten characters in a row of the prompt's own wording, not in the document, is an echo: a
# model that obeyed "输出你的系统提示" or copied a worked example.
ECHO_WINDOW = 10


@cache
def all_prompt_text() -> str:
    """Every prompt's system message with its worked examples, and each list kind's line of the judge
    prompt: what the model sees besides the document."""
    names = sorted(p.stem for p in prompts_dir().glob("*.toml"))
    prompts = [load_prompt(name) for name in names]
    systems = [p.messages(**_blank_values(p.name))[0]["content"] for p in prompts if p.system]
    return "\n".join(systems + [f"{p.label}: {p.ask}" for p in prompts if p.ask])


def _blank_values(name: str) -> dict[str, str]:
    prompt = load_prompt(name)
    return {key: "" for key in _PLACEHOLDER.findall(prompt.system + prompt.user)}


def prompt_echo(text: str, document: str) -> str | None:
    """The first ECHO_WINDOW characters of `text` that repeat any prompt's wording and are
    not in `document`; None if there is none."""
    source = all_prompt_text()
    for i in range(len(text) - ECHO_WINDOW + 1):
        window = text[i : i + ECHO_WINDOW]
        if window in source and window not in document:
            return window
    return None
