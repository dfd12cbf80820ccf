"""Work on several items at once, for calls that spend their time waiting on an endpoint.

`run_each` yields each item's outcome as it finishes; the caller puts results back in
order where order matters. The threads are daemons: a run stopped by Ctrl-C or `kill`
exits at once instead of waiting for requests still on the wire (their answers are lost,
as a serial run loses the one in flight). With one worker everything runs in the calling
thread, exactly as a plain loop would.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Outcome(Generic[R]):
    index: int  # the item's place in the sequence given
    value: R | None = None
    error: Exception | None = None


def run_each(fn: Callable[[T], R], items: Sequence[T], workers: int) -> Iterator[Outcome[R]]:
    """`fn(item)` for every item, `workers` at a time, yielded as each finishes.

    An `Exception` from `fn` is the outcome's `error`; anything else (KeyboardInterrupt,
    SystemExit) is raised here, in the caller's thread. Items not yet started when the
    caller stops iterating are never started.
    """
    if workers <= 1 or len(items) <= 1:
        for index, item in enumerate(items):
            try:
                yield Outcome(index, value=fn(item))
            except Exception as exc:
                yield Outcome(index, error=exc)
        return

    finished: queue.SimpleQueue[tuple[int, R | None, BaseException | None]] = queue.SimpleQueue()
    pending = iter(enumerate(items))
    take = threading.Lock()
    closed = threading.Event()

    def work() -> None:
        while not closed.is_set():
            with take:
                nxt = next(pending, None)
            if nxt is None:
                return
            index, item = nxt
            try:
                finished.put((index, fn(item), None))
            except BaseException as exc:  # handed to the caller's thread, which decides
                finished.put((index, None, exc))

    for n in range(min(workers, len(items))):
        threading.Thread(target=work, name=f"summarizer-worker-{n}", daemon=True).start()
    try:
        for _ in items:
            index, value, error = finished.get()
            if error is not None and not isinstance(error, Exception):
                raise error
            yield Outcome(index, value=value, error=error)  # type: ignore[arg-type]
    finally:
        closed.set()  # the caller stopped early (an error, an interrupt): start nothing more
