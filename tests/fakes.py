"""A fake OpenAI-style backend: real instructor path, scripted answers, no network."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from typing import Any

from openai.types.chat import ChatCompletion

from summarizer.llm import ModelInfo, StructuredModel

Responder = Callable[[str, str], Any]  # (task, user text) -> answer dict, str, or raised exception


def task_of(messages: list[dict[str, str]]) -> str:
    """Which prompt a request came from, by the first words of its system message."""
    opening = messages[0]["content"][:40]
    cues = (
        ("judge", "候选条目"),
        ("summary", "写中文摘要"),
    )
    for task, cue in cues:
        if cue in opening:
            return task
    return "unknown"


def completion(content: str, finish_reason: str = "stop") -> ChatCompletion:
    return ChatCompletion.model_validate(
        {
            "id": "fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": "fake",
            "choices": [
                {"index": 0, "finish_reason": finish_reason, "message": {"role": "assistant", "content": content}}
            ],
            "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
        }
    )


class FakeCreate:
    """Records every request; answers through `responder`."""

    def __init__(self, responder: Responder) -> None:
        self.responder = responder
        self.requests: list[dict[str, Any]] = []

    def __call__(self, **kwargs: Any) -> ChatCompletion:
        self.requests.append(copy.deepcopy(kwargs))  # instructor appends to the same list on re-asks
        messages = kwargs["messages"]
        answer = self.responder(task_of(messages), messages[-1]["content"])
        if isinstance(answer, BaseException):
            raise answer
        if isinstance(answer, ChatCompletion):
            return answer
        return completion(answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False))


def empty_responder(task: str, text: str) -> Any:
    return {"what": "测试文件", "aims": "测试目标", "numbers": ""} if task == "summary" else {"keep": []}


def fake_model(
    responder: Responder = empty_responder, cache: Any = None, **kwargs: Any
) -> tuple[StructuredModel, FakeCreate]:
    create = FakeCreate(responder)
    return StructuredModel(info=ModelInfo(backend="fake", model="fake"), create=create, cache=cache, **kwargs), create
