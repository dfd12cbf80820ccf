"""The package as users install it: a wheel in a fresh virtual environment, away from the clone.

Slow (it installs the dependencies into a new environment, from pip's cache when warm), and the
only test that catches a module or a prompt file missing from the wheel.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import REPO, seed_path


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh virtual environment with the wheel built from this clone installed."""
    root = tmp_path_factory.mktemp("wheel")
    # Build from a copy's point of view: pip builds in its own isolated environment.
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(root / "dist"), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (root / "dist").glob("summarizer-*.whl")
    venv.create(root / "env", with_pip=True)
    bin_dir = root / "env" / "bin"
    subprocess.run([bin_dir / "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    return bin_dir


def run_outside_the_clone(bin_dir: Path, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "SUMMARIZER_", "VIRTUAL_ENV"))}
    env["SUMMARIZER_CACHE_DIR"] = str(cwd / "cache")
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_installed_package_summarizes_a_seed_with_no_model(installed: Path, tmp_path: Path) -> None:
    result = run_outside_the_clone(
        installed,
        installed / "summarizer",
        "summarize",
        seed_path("000"),
        "--backend",
        "none",
        "-o",
        "out",
        "-q",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    briefing = json.loads((tmp_path / "out" / f"{seed_path('000').stem}.json").read_text(encoding="utf-8"))
    assert briefing["indicators"] and briefing["goals"] and briefing["run"]["backend"] == "none"


def test_the_installed_package_carries_its_prompts(installed: Path, tmp_path: Path) -> None:
    probe = (
        "from summarizer.prompts import load_prompt, prompts_dir; from summarizer.kinds import KINDS; "
        "print(prompts_dir()); [load_prompt(n) for n in ('judge', 'summary', *(k.task for k in KINDS))]"
    )
    result = run_outside_the_clone(installed, installed / "python", "-c", probe, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "site-packages" in result.stdout and str(REPO) not in result.stdout


def test_the_installed_package_writes_the_review_site(installed: Path, tmp_path: Path) -> None:
    # The site's templates, script and styles are package data: a wheel without them fails here.
    summarize = ("summarize", seed_path("003"), "--backend", "none", "-o", "out", "-q")
    assert run_outside_the_clone(installed, installed / "summarizer", *summarize, cwd=tmp_path).returncode == 0
    briefing = tmp_path / "out" / f"{seed_path('003').stem}.json"
    result = run_outside_the_clone(installed, installed / "summarizer", "report", briefing, "-o", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / f"{seed_path('003').stem}.html").read_text(encoding="utf-8")
    assert 'id="source-text"' in page and "window.review" in page  # the source was found and the script inlined
