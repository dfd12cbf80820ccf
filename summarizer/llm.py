"""The model, behind one small interface.

Every backend is an OpenAI-style `create(**kwargs)` function driven by
instructor (schema in the request, validation, re-asks on invalid output):

- `openai`: any OpenAI-compatible endpoint through the `openai` client;
- `local`: the embedded GGUF model through llama-cpp-python, with instructor's
  JSON-schema request translated into llama.cpp's grammar-constrained
  `response_format` (instructor alone does not apply the schema there).

`StructuredModel.complete` adds what instructor does not: transport retries
with backoff (timeouts, 429, 5xx), and the on-disk response cache.

One model may be called from several threads at once (`concurrency` requests in flight,
over every document and chunk of a run). What its callers share is in `Traffic`: a 429's
wait holds back every request, not only the one told; the count of requests failed in a
row is one count; and a stop (the endpoint down, a refused key, an interrupt) ends every
caller's next attempt and every wait.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import time
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from .cache import ResponseCache
from .errors import ModelError

T = TypeVar("T", bound=BaseModel)
log = logging.getLogger(__name__)

API_KEY_VARIABLES = ("SUMMARIZER_API_KEY", "OPENAI_API_KEY")


@dataclass
class CallResult:
    value: BaseModel
    prompt_tokens: int
    completion_tokens: int
    cached: bool
    note: str | None = None  # what was wrong with an answer that was still used (cut at max_tokens)
    seconds: float = 0.0  # the model's time to make this answer (when made, for a cached one)


@dataclass
class ModelInfo:
    backend: str
    model: str
    sha256: str | None = None


class ChunkFailed(Exception):
    """The model gave no valid answer for one request after retries and re-asks."""


class EndpointDown(ModelError):
    """Several requests in a row failed in transport after all their retries: the endpoint
    is down or overloaded, and every further request would only wait out its backoff."""


class UnsupportedMode(ModelError):
    """The endpoint refused the structured-output mode itself (`response_format` json_schema or
    json_object, or tool calls): every request in this mode would be refused the same way."""

    def __init__(self, mode: str, said: str) -> None:
        first, second = MODE_ALTERNATIVES[mode]
        super().__init__(redact(f"the endpoint does not support --mode {mode} (it answered: {said})"))
        self.mode = mode
        self.next_step = f"run again with --mode {first} (or --mode {second})"


# `--mode auto` (the default for an endpoint): the modes tried in turn, each time the endpoint refuses the one in
# use: the schema sent as response_format, then as a forced tool call, then some JSON, then only the prompt.
AUTO_MODES = ("json_schema", "tools", "json", "md_json")

# What to try when the endpoint refuses a mode, best first. `tools` first: it is constrained by the
# schema on the servers that refuse json_schema (llama-cpp-python, DeepSeek, older OpenAI models),
# where json_object only promises some JSON. md_json sends neither response_format nor tools.
MODE_ALTERNATIVES = {
    "json_schema": ("tools", "json"),
    "json": ("tools", "md_json"),
    "tools": ("json_schema", "json"),
}

# A refusal of the mode names what it refuses and says it is refused. Seen in answers of:
# llama-cpp-python ("response_format.type: Input should be 'text' or 'json_object'", a 500),
# the old llama.cpp server ("response_format type must be one of ...", a 500), OpenAI ("'response_format'
# of type 'json_schema' is not supported with this model"), DeepSeek ("This response_format type is
# unavailable now", a 400; "response_format.type `json_schema` is unavailable now", a 422), Volcengine Ark
# ("`response_format.type` ... invalid value: `json_schema`"), vLLM ("\"auto\" tool choice requires
# --enable-auto-tool-choice ..."), Ollama ("... does not support tools").
_MODE_SUBJECTS = {
    "json_schema": ("response_format", "json_schema"),
    "json": ("response_format", "json_object"),
    "tools": ("tools", "tool choice", "tool_choice", "function call", "function_call"),
}
_REFUSALS = (
    "not supported",
    "not support",
    "unsupported",
    "unavailable",
    "input should be",
    "must be",
    "invalid value",
    "not valid",
    "requires",
    "unknown variant",
    "expected",
)


def unsupported_mode(exc: BaseException, mode: str) -> UnsupportedMode | None:
    """An endpoint's refusal of the mode itself (a 400, 422 or 5xx that says so), or None."""
    import openai

    subjects = _MODE_SUBJECTS.get(mode)
    if subjects is None or not isinstance(exc, openai.APIStatusError):
        return None
    if exc.status_code not in (400, 422) and exc.status_code < 500:
        return None
    said = _server_message(exc)
    text = _answer_text(exc)
    if any(s in text for s in subjects) and any(r in text for r in _REFUSALS):
        return UnsupportedMode(mode, said)
    return None


def _causes(exc: BaseException | None) -> Iterator[BaseException]:
    """An exception and what it was raised from or during, outermost first (cycles cut):
    instructor and tenacity wrap the transport's error, so it is found down this chain."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _fatal(exc: BaseException) -> ModelError | None:
    """A fault that no retry and no other chunk can get past: a bad key, an unknown model
    or endpoint path, or a backend that cannot load. The run stops with it."""
    import openai

    for cause in _causes(exc):
        if isinstance(cause, ModelError):
            return cause
        if isinstance(cause, openai.AuthenticationError | openai.PermissionDeniedError | openai.NotFoundError):
            return ModelError(f"the endpoint refused the request ({_describe_failure(cause)})")
    return None


def _is_transient(exc: BaseException) -> bool:
    """Timeouts, connection errors, 408, 409, 429 and 5xx are worth retrying. Bad requests are
    not, nor 501 (not implemented), nor a 5xx whose body says the request itself is invalid
    (llama-cpp-python's server answers a request that fails its validation with a 500), nor
    anything already found fatal."""
    import openai

    for cause in _causes(exc):
        if isinstance(cause, ModelError):
            return False
        if isinstance(cause, openai.APITimeoutError | openai.APIConnectionError | openai.RateLimitError):
            return True
        if isinstance(cause, openai.APIStatusError):
            if cause.status_code in (408, 409, 429):
                return True
            return cause.status_code >= 500 and cause.status_code != 501 and not _says_request_invalid(cause)
    return False


# What a 5xx body says when the server refused the request itself rather than failed on it:
# llama-cpp-python's request validation, the old llama.cpp server's response_format check.
_INVALID_REQUEST_MARKERS = (
    "validation error",
    "invalid_request_error",
    "invalid request",
    "bad request",
    "badrequest",
    "input should be",
    "must be one of",
    "not supported",
    "unsupported",
)


def _says_request_invalid(exc: Any) -> bool:
    return any(marker in _answer_text(exc) for marker in _INVALID_REQUEST_MARKERS)


def _answer_text(exc: Any) -> str:
    """What an error answer says, lower-cased, to look for words in: the server's message and its whole JSON body."""
    return f"{_server_message(exc)} {exc.body if isinstance(exc.body, dict) else ''}".lower()


def _server_message(exc: Any) -> str:
    """The server's own words from an error answer, on one line and short: a FastAPI/pydantic
    validation error is reduced to `field.path: message`, a Python traceback is dropped."""
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("message") or body.get("error") or body.get("detail") or body
        if isinstance(inner, dict):
            inner = inner.get("message") or inner
        text = str(inner)
    else:
        text = str(body) if body else str(exc)
    text = " ".join(text.split())
    pydantic = re.search(r"'loc': \(([^)]*)\), 'msg': (['\"])(.*?)\2", text)
    if pydantic:
        path = [p.strip(" '\"") for p in pydantic.group(1).split(",")]
        where = ".".join(p for p in path if p and p != "body")
        text = f"{where}: {pydantic.group(3)}" if where else pydantic.group(3)
    text = text.split(' File "')[0].strip()
    return text if len(text) <= 200 else text[:199] + "…"


def _retry_after(state: RetryCallState) -> float:
    """Honour a Retry-After header (capped), else exponential backoff."""
    import openai

    exc = state.outcome.exception() if state.outcome else None
    backoff = wait_exponential(multiplier=1, min=1, max=30)(state)
    while exc is not None:
        if isinstance(exc, openai.APIStatusError):
            header = exc.response.headers.get("retry-after") if exc.response is not None else None
            try:
                return min(float(header), 60.0) if header else backoff
            except ValueError:
                return backoff
        exc = exc.__cause__
    return backoff


def _rate_limited(exc: BaseException | None) -> bool:
    """A 429, or any answer that says when to come back: a wait for every request, not one."""
    import openai

    return any(
        isinstance(cause, openai.RateLimitError)
        or (
            isinstance(cause, openai.APIStatusError)
            and cause.response is not None
            and "retry-after" in cause.response.headers
        )
        for cause in _causes(exc)
    )


class Traffic:
    """What the threads calling one model share: slots for the requests in flight, a time
    before which no request is sent, the count of requests failed in a row, the requests
    being asked (so an identical one waits for the answer instead of asking again), and the
    stop that ends them all."""

    POLL = 0.05  # seconds between looks at the stop while waiting for a slot

    def __init__(self, slots: int) -> None:
        self.lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(max(1, slots))
        self.resume_at = 0.0  # time.monotonic() before which no request is sent
        self.failures_in_a_row = 0
        self.stopped: ModelError | None = None
        self.stop_event = threading.Event()
        self.asking: dict[str, threading.Event] = {}

    def stop(self, error: ModelError) -> None:
        with self.lock:
            if self.stopped is None:
                self.stopped = error
        self.stop_event.set()

    def check(self) -> None:
        """Raise the stop's error (a fresh copy: several threads raise it at once)."""
        if self.stopped is not None:
            raise type(self.stopped)(*self.stopped.args)

    def hold(self, seconds: float) -> None:
        with self.lock:
            self.resume_at = max(self.resume_at, time.monotonic() + seconds)

    def sleep(self, seconds: float) -> None:
        """A retry's backoff, cut short by a stop."""
        if self.stop_event.wait(seconds):
            self.check()

    @contextmanager
    def turn(self) -> Iterator[None]:
        """A slot, once every wait is over; the request is sent inside."""
        while not self.slots.acquire(timeout=self.POLL):
            self.check()
        try:
            while True:
                self.check()
                with self.lock:
                    delay = self.resume_at - time.monotonic()
                if delay <= 0:
                    break
                self.stop_event.wait(delay)
            yield
        finally:
            self.slots.release()

    def succeeded(self) -> None:
        with self.lock:
            self.failures_in_a_row = 0

    def failed(self) -> int:
        """Count one more request failed in transport; the count so far."""
        with self.lock:
            self.failures_in_a_row += 1
            return self.failures_in_a_row

    @contextmanager
    def asking_for(self, key: str) -> Iterator[None]:
        """The one caller asking for `key`: another asking the same waits until this one is done,
        then finds the answer in the cache, as it would have one after another."""
        while True:
            with self.lock:
                other = self.asking.get(key)
                if other is None:
                    mine = self.asking[key] = threading.Event()
                    break
            other.wait()
        try:
            yield
        finally:
            with self.lock:
                del self.asking[key]
            mine.set()


@dataclass
class StructuredModel:
    """Fills a Pydantic model from messages, with retries and a response cache."""

    info: ModelInfo
    create: Callable[..., Any]
    mode: str = "json_schema"
    cache: ResponseCache | None = None
    max_reasks: int = 2
    max_transport_retries: int = 4
    max_failures_in_a_row: int = 3  # transport failures (after retries) before EndpointDown
    temperature: float = 0.0
    concurrency: int = 1  # requests in flight at once, over every thread that calls this model
    # --mode auto: on the endpoint's refusal of the mode, switch to the next of AUTO_MODES once for the whole run
    # and ask again; `on_mode_switch(old, new, said)` is told (the CLI prints it once).
    auto: bool = False
    on_mode_switch: Callable[[str, str, str], None] | None = None
    _client: Any = field(default=None, init=False, repr=False)
    _mode_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _traffic: Traffic = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._traffic = Traffic(self.concurrency)

    def stop(self, error: ModelError) -> None:
        """End every caller's requests: each next attempt, and each wait, raises `error`. For
        good: a run that stops (the endpoint down, an interrupt) starts no more requests."""
        self._traffic.stop(error)

    @property
    def stopped(self) -> bool:
        return self._traffic.stopped is not None

    def _send(self, **kwargs: Any) -> Any:
        """One request to the backend, when a slot is free and every wait is over."""
        with self._traffic.turn():
            return self.create(**kwargs)

    def _wait(self, state: RetryCallState) -> float:
        seconds = _retry_after(state)
        if _rate_limited(state.outcome.exception() if state.outcome else None):
            self._traffic.hold(seconds)  # the endpoint is full for everyone, not only this request
        return seconds

    def _instructor(self) -> Any:
        if self._client is None:  # two threads may both build one: either serves
            import instructor

            mode = {
                "json_schema": instructor.Mode.JSON_SCHEMA,
                "json": instructor.Mode.JSON,
                "md_json": instructor.Mode.MD_JSON,
                "tools": instructor.Mode.TOOLS,
            }[self.mode]
            self._client = instructor.Instructor(
                client=None, create=instructor.patch(create=self._send, mode=mode), mode=mode
            )
        return self._client

    def _switch_from(self, refused: str, said: str) -> bool:
        """Move on from a refused mode to the next of AUTO_MODES (once, whichever thread is told first); False when
        none is left. Requests in flight in the refused mode are refused too, and asked again in the new one."""
        with self._mode_lock:
            if self.mode != refused:
                return True  # another request already moved on
            at = AUTO_MODES.index(refused) if refused in AUTO_MODES else len(AUTO_MODES)
            if at + 1 >= len(AUTO_MODES):
                return False
            self.mode = AUTO_MODES[at + 1]
            self._client = None  # instructor is built for one mode
            if hasattr(self.create, "mode"):
                self.create.mode = self.mode
        if self.on_mode_switch is not None:
            self.on_mode_switch(refused, self.mode, said)
        return True

    def cache_key(self, messages: list[dict[str, str]], response_model: type[BaseModel], max_tokens: int) -> str:
        schema = json.dumps(response_model.model_json_schema(), sort_keys=True, ensure_ascii=False)
        payload = {
            "backend": self.info.backend,
            "model": self.info.model,
            "model_sha256": self.info.sha256,
            "mode": self.mode,
            "schema": hashlib.sha256(schema.encode()).hexdigest(),
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": self.temperature,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def complete(self, messages: list[dict[str, str]], response_model: type[T], max_tokens: int = 1024) -> CallResult:
        key = self.cache_key(messages, response_model, max_tokens)
        if self.cache is None:
            return self._ask(key, messages, response_model, max_tokens)
        # An identical request in flight in another thread is waited for, then read from the cache:
        # the calls and cache hits are those of a serial run.
        with self._traffic.asking_for(key):
            hit = self.cache.get(key)
            if hit is not None:
                # Report what the answer cost when it was made; `cached` says it was not paid again.
                used = hit.get("usage", {})
                value = response_model.model_validate(hit["value"])
                return CallResult(
                    value,
                    used.get("prompt_tokens", 0),
                    used.get("completion_tokens", 0),
                    True,
                    hit.get("note"),
                    float(hit.get("seconds", 0.0)),
                )
            return self._ask(key, messages, response_model, max_tokens)

    def _ask(self, key: str, messages: list[dict[str, str]], response_model: type[T], max_tokens: int) -> CallResult:
        self._traffic.check()

        def call() -> tuple[Any, Any]:
            return self._instructor().chat.completions.create_with_completion(
                model=self.info.model,
                messages=messages,
                response_model=response_model,
                max_retries=self.max_reasks,
                max_tokens=max_tokens,
                temperature=self.temperature,
            )

        started = time.monotonic()
        try:
            value, completion = Retrying(
                retry=retry_if_exception(_is_transient),
                stop=stop_after_attempt(self.max_transport_retries + 1),
                wait=self._wait,
                sleep=self._traffic.sleep,
                reraise=True,
            )(call)
        except ModelError:
            raise  # the run is stopping (raised by a wait, not by a request)
        except Exception as exc:
            salvaged = _salvage_cut_answer(exc, response_model)
            if salvaged is not None:
                value, completion = salvaged
                kept = next((len(v) for v in value.__dict__.values() if isinstance(v, list)), 0)
                note = f"the answer was cut at max_tokens ({max_tokens}); its {kept} complete distinct items were kept"
                return self._finish(key, value, completion, note, started)
            fatal = _fatal(exc)
            if isinstance(fatal, UnsupportedMode) and self.auto and self._switch_from(fatal.mode, str(fatal)):
                return self.complete(messages, response_model, max_tokens)  # the same request, in the next mode
            if fatal is not None:
                self._traffic.stop(fatal)  # no other request can get past it either
                raise fatal from exc
            if not _is_transient(exc):
                self._traffic.succeeded()  # the endpoint answered; the answer was unusable
                raise ChunkFailed(_describe_failure(exc)) from exc
            failures = self._traffic.failed()  # counted over every thread: a success by any resets it
            if failures >= self.max_failures_in_a_row:
                down = EndpointDown(
                    f"the model endpoint failed {failures} requests in a row, each after "
                    f"{self.max_transport_retries + 1} attempts (last: {_describe_failure(exc)})"
                )
                self._traffic.stop(down)  # every other thread stops at its next attempt or wait
                raise down from exc
            raise ChunkFailed(_describe_failure(exc)) from exc
        return self._finish(key, value, completion, None, started)

    def _finish(self, key: str, value: BaseModel, completion: Any, note: str | None, started: float) -> CallResult:
        self._traffic.succeeded()
        # instructor sums usage over its re-asks in `_total_usage`; the last completion has only its own.
        usage = value.__dict__.get("_total_usage") or getattr(completion, "usage", None)
        prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0)
        completion_tokens = int(getattr(usage, "completion_tokens", 0) or 0)
        seconds = round(time.monotonic() - started, 3)
        if self.cache is not None:
            entry = {
                "value": value.model_dump(mode="json"),
                "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens},
                "model": self.info.model,
                "seconds": seconds,
            }
            if note:
                entry["note"] = note
            self.cache.put(key, entry)
        return CallResult(value, prompt_tokens, completion_tokens, cached=False, note=note, seconds=seconds)


def _salvage_cut_answer(exc: BaseException, response_model: type[T]) -> tuple[T, Any] | None:
    """The complete items of an answer's list cut off at max_tokens, or None.

    A model that repeats one item until the token limit has usually given the real
    items first; asking again at temperature 0 would only repeat the cut. Each kept item
    is validated on its own, duplicates go, and grounding still checks every one.
    """
    import pydantic_core
    from annotated_types import MaxLen
    from instructor.core.exceptions import IncompleteOutputException

    cut = next((c for c in _causes(exc) if isinstance(c, IncompleteOutputException)), None)
    # The answer's list: the one field of the schema that is a list (a judge's "keep", a draft's "items").
    name, field_info = next(
        ((n, f) for n, f in response_model.model_fields.items() if typing.get_origin(f.annotation) is list),
        (None, None),
    )
    if cut is None or name is None or field_info is None:
        return None
    try:
        content = cut.last_completion.choices[0].message.content or ""
        data = pydantic_core.from_json(content, allow_partial=True)
    except (AttributeError, IndexError, ValueError):
        return None
    raw_items = data.get(name) if isinstance(data, dict) else None
    if not isinstance(raw_items, list):
        return None
    adapter = TypeAdapter(typing.get_args(field_info.annotation)[0])
    kept: list[Any] = []
    seen: set[bytes] = set()
    for raw in raw_items:
        try:
            item = adapter.validate_python(raw)
        except ValidationError:
            continue  # the item the cut fell in
        fingerprint = adapter.dump_json(item)
        if fingerprint not in seen:
            seen.add(fingerprint)
            kept.append(item)
    limit = next((m.max_length for m in field_info.metadata if isinstance(m, MaxLen)), len(kept))
    if not kept:
        return None
    return response_model.model_validate({name: kept[:limit]}), cut.last_completion


def _describe_failure(exc: BaseException) -> str:
    """One line on why a request failed, without request contents or credentials."""
    parts = []
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen and len(parts) < 3:
        seen.add(id(exc))
        if type(exc).__name__ == "InstructorRetryException" and exc.__cause__ is not None:
            exc = exc.__cause__  # instructor's wrapper repeats its cause's text
            continue
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        parts.append(f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__)
        exc = exc.__cause__  # type: ignore[assignment]
    return redact(" <- ".join(parts))


def install_log_redaction() -> None:
    """Redact API keys from every log record, whoever logs it.

    instructor logs each failed call with the provider's error text, and an error
    can echo the key; filtering at record creation covers every logger and handler.
    """
    factory = logging.getLogRecordFactory()
    if getattr(factory, "_summarizer_redacts", False):
        return

    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        if any(os.environ.get(v) for v in API_KEY_VARIABLES):
            record.msg = redact(str(record.msg))
            if record.args:
                record.args = tuple(redact(str(a)) for a in record.args)  # type: ignore[assignment]
        return record

    make_record._summarizer_redacts = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(make_record)


def redact(text: str) -> str:
    """Remove any API key found in the environment from text meant for users or files."""
    for var in API_KEY_VARIABLES:
        secret = os.environ.get(var)
        if secret and len(secret) >= 6:
            text = text.replace(secret, "***")
    return text


# --- backends -----------------------------------------------------------------------------


def openai_model(
    model: str,
    base_url: str | None,
    cache: ResponseCache | None,
    mode: str = "json_schema",
    timeout: float = 120.0,
    concurrency: int = 1,
) -> StructuredModel:
    """Any OpenAI-compatible endpoint; the key comes from the environment only.

    `timeout` bounds each request (seconds); a request that times out is retried like a 5xx.
    `concurrency`: how many requests may be in flight at once.
    """
    import openai

    install_log_redaction()
    api_key = next((os.environ[v] for v in API_KEY_VARIABLES if os.environ.get(v)), None)
    if api_key is None:
        if base_url is None:
            raise ModelError("the openai backend needs an API key in SUMMARIZER_API_KEY or OPENAI_API_KEY")
        api_key = "not-needed"  # local servers (vLLM, Ollama) often take any key
    if mode not in ("auto", *AUTO_MODES):
        raise ModelError(f"unknown --mode {mode!r}; use auto, {', '.join(AUTO_MODES)}")
    client = openai.OpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=0)
    auto = mode == "auto"
    first = AUTO_MODES[0] if auto else mode
    return StructuredModel(
        info=ModelInfo(backend="openai", model=model),
        create=_EndpointCreate(client, first),
        mode=first,
        cache=cache,
        concurrency=concurrency,
        auto=auto,
    )


class _EndpointCreate:
    """The endpoint's create(). A server that refuses the mode refuses every request in it: that is said at the
    first answer (and, under --mode auto, the model moves on to the next mode), never retried chunk after chunk."""

    def __init__(self, client: Any, mode: str) -> None:
        self.client, self.mode = client, mode

    def __call__(self, **kwargs: Any) -> Any:
        import openai

        try:
            return self.client.chat.completions.create(**kwargs)
        except openai.APIStatusError as exc:
            refused = unsupported_mode(exc, self.mode)
            if refused is not None:
                raise refused from exc
            raise


def llama_create(llama: Any) -> Callable[..., Any]:
    """An OpenAI-style create() over an in-process llama.cpp model.

    instructor's JSON_SCHEMA mode puts the schema in `response_format` as
    {"type": "json_schema", ...}; llama.cpp constrains decoding with a grammar only
    for {"type": "json_object", "schema": ...}, so the request is translated.
    """

    def create(**kwargs: Any) -> Any:
        kwargs.pop("model", None)
        response_format = kwargs.pop("response_format", None)
        if response_format and response_format.get("type") == "json_schema":
            schema = response_format["json_schema"]["schema"]
            kwargs["response_format"] = {"type": "json_object", "schema": schema}
        elif response_format:
            kwargs["response_format"] = response_format
        return llama.create_chat_completion_openai_v1(**kwargs)

    return create


def local_model(
    model_path: str, sha256: str | None, name: str, cache: ResponseCache | None, n_ctx: int = 4096
) -> StructuredModel:
    """The embedded GGUF model, loaded lazily on the first request that misses the cache.
    One request at a time (concurrency 1): llama.cpp is not thread-safe."""
    holder: dict[str, Any] = {}

    def create(**kwargs: Any) -> Any:
        if "create" not in holder:
            try:
                from llama_cpp import Llama
            except ImportError as exc:
                from .model_files import install_hint

                raise ModelError(f"the local backend needs llama-cpp-python: {install_hint('local')}") from exc
            llama = Llama(model_path=model_path, n_ctx=n_ctx, n_threads=os.cpu_count() or 2, verbose=False, seed=0)
            holder["create"] = llama_create(llama)
        return holder["create"](**kwargs)

    return StructuredModel(info=ModelInfo(backend="local", model=name, sha256=sha256), create=create, cache=cache)


def build_model(
    backend: str = "local",
    model: str | None = None,
    model_file: str | None = None,
    model_sha256: str | None = None,
    base_url: str | None = None,
    mode: str = "json_schema",
    cache: ResponseCache | None = None,
    timeout: float = 120.0,
    concurrency: int = 1,
) -> StructuredModel | None:
    """The model a user asked for: the embedded default, another GGUF file, an endpoint, or none
    (`none`: the candidates are judged by rules alone). `concurrency` applies to an endpoint; the
    embedded model answers one request at a time whatever is asked."""
    from .model_files import DEFAULT_MODEL, ensure_embedded, verify_user_file

    if backend == "openai":
        if not model:
            raise ModelError("the openai backend needs --model (e.g. gpt-4o-mini, deepseek-chat, qwen-plus)")
        return openai_model(model, base_url, cache, mode=mode, timeout=timeout, concurrency=concurrency)
    if backend == "none":
        return None
    if backend != "local":
        raise ModelError(f"unknown backend {backend!r}; use local, openai or none")
    if model_file:
        path, sha = verify_user_file(model_file, model_sha256)
        return local_model(str(path), sha, model or path.stem, cache)
    name = model or DEFAULT_MODEL
    path, sha = ensure_embedded(name)
    return local_model(str(path), sha, name, cache)
