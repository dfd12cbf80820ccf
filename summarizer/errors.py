"""Errors a user can act on: each names the file and the problem."""

from __future__ import annotations


class SummarizerError(Exception):
    """Base class for errors reported to the user without a traceback."""


class InputError(SummarizerError):
    """A file that cannot be read as a document."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # Rebuilt from both arguments when it crosses from a --jobs worker process to the main one.
        return (type(self), (self.path, self.reason))


class ModelError(SummarizerError):
    """The model could not be loaded or reached at all (not a per-chunk failure)."""


class StaleRecordingError(SummarizerError):
    """A replayed run asked for a response that was never recorded."""
