"""On-disk response cache: one JSON file per request, keyed by a hash of the model,
prompt, schema and chunk text. A second run of the same document makes no model
call; an interrupted run resumes from what was already answered.

A cache opened read-only (`replay=True`) is a set of recorded responses: a miss
means the recording is stale (the prompt, schema or text changed) and is an error.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .errors import StaleRecordingError


def cache_root() -> Path:
    """Where summarizer keeps responses and assembled models: $SUMMARIZER_CACHE_DIR or the XDG cache."""
    base = os.environ.get("SUMMARIZER_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "summarizer"
    )
    return Path(base)


def default_cache_dir() -> Path:
    return cache_root() / "responses"


class ResponseCache:
    def __init__(self, directory: str | Path, replay: bool = False) -> None:
        self.directory = Path(directory)
        self.replay = replay
        self.used: set[str] = set()  # keys read or written in this run, to prune stale recordings

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        path = self._path(key)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            self.used.add(key)
            return entry
        except FileNotFoundError:
            if self.replay:
                raise StaleRecordingError(
                    f"no recorded response {key[:12]}… in {self.directory}: the prompt, schema, model or text "
                    "changed since it was recorded; re-record with `summarizer eval --live --record`"
                ) from None
            return None
        except (json.JSONDecodeError, OSError):
            return None  # a damaged entry is treated as a miss and rewritten

    def put(self, key: str, entry: dict[str, Any]) -> None:
        if self.replay:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(entry, ensure_ascii=False, indent=1, sort_keys=True))
        self.used.add(key)

    def prune(self) -> int:
        """Delete the entries this run did not use; return how many."""
        removed = 0
        for path in self.directory.glob("*/*.json"):
            if path.stem not in self.used:
                path.unlink()
                removed += 1
        return removed


def _read_umask() -> int:
    # The only way to read the umask is to set it; set it straight back. Read once, at import, so that
    # writer threads never race on it.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file 0600; a written briefing follows the user's umask like any other output.
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
