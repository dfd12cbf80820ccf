from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SEEDS = REPO.parent / "shared" / "seeds"
sys.path.insert(0, str(TESTS))  # for `fakes`

SEED_STEMS = {
    "000": "000_3bfffffac80c5d41",
    "001": "001_1e9ea858cdbe6117",
    "002": "002_0e369cfbaccd2f2f",
    "003": "003_3f789335eb2ba04a",
    "004": "004_2ebc049a13f68ff7",
}


def seed_path(key: str) -> Path:
    path = SEEDS / f"{SEED_STEMS[key]}.txt"
    if not path.exists():
        pytest.skip(f"seed documents not found at {SEEDS}")
    return path


def seed_text(key: str) -> str:
    from summarizer.read import read_document

    return read_document(seed_path(key)).text


# Lines a test wants in the run's output without -s (the review page's measured load time).
REPORT_LINES: list[str] = []


def pytest_terminal_summary(terminalreporter) -> None:
    for line in REPORT_LINES:
        terminalreporter.write_line(line)


@pytest.fixture
def fast_backoff(monkeypatch):
    """Retries wait 10 ms instead of seconds: the tests check what is retried, not how long it waits."""
    from summarizer import llm

    monkeypatch.setattr(llm, "_retry_after", lambda state: 0.01)
