"""Gold files: load them, and check that they are valid briefings whose evidence
is cut exactly from the source. `python -m summarizer.evals.gold check [--seeds DIR] [FILE.json …]`.
A gold file's source is looked up in the seeds folder, then in ../shared/devdocs, then ../shared/corpus.

Gold is frozen: `evals/gold.sha256` pins every gold and alternates file and the guidelines,
and a test fails when one differs. A change goes through a decision logged in
GUIDELINES.md that a second labeller has checked; then `python -m summarizer.evals.gold freeze`
rewrites the pins, and the diff shows the decision and the gold change together.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from pydantic import ValidationError

from ..kinds import LISTS
from ..models import Briefing
from ..read import read_document

GOLD_DIR = Path(__file__).resolve().parents[2] / "evals" / "gold"
FROZEN = GOLD_DIR.parent / "gold.sha256"
GUIDELINES = GOLD_DIR.parent / "GUIDELINES.md"
SHARED = Path(__file__).resolve().parents[3] / "shared"
DEFAULT_SEEDS = SHARED / "seeds"
DEFAULT_DEVDOCS = SHARED / "devdocs"
DEFAULT_CORPUS = SHARED / "corpus"


def load_gold(path: Path) -> tuple[Briefing, dict[str, dict[str, list[str]]]]:
    """A gold briefing and its alternates ({item id: {field: [other acceptable values]}})."""
    briefing = Briefing.model_validate(json.loads(path.read_text(encoding="utf-8")))
    alt_path = path.with_name(path.stem + ".alternates.json")
    alternates = json.loads(alt_path.read_text(encoding="utf-8")) if alt_path.exists() else {}
    return briefing, alternates


def find_source(name: str, folders: tuple[Path, ...]) -> Path:
    """The document a gold file names, in the first of `folders` that holds it."""
    for folder in folders:
        if (folder / name).exists():
            return folder / name
    return folders[0] / name


def check_file(path: Path, folders: tuple[Path, ...]) -> list[str]:
    """Problems with one gold file (empty when it is sound)."""
    try:
        gold, alternates = load_gold(path)
    except (json.JSONDecodeError, ValidationError) as exc:
        return [f"{path.name}: not a valid briefing: {str(exc)[:400]}"]
    problems = []
    source = find_source(Path(gold.document.source_file).name, folders)
    text = read_document(source).text
    ids = set()
    for name in dict.fromkeys((*LISTS, "results")):
        for item in getattr(gold, name):
            if item.id in ids:
                problems.append(f"{path.name}: duplicate id {item.id}")
            ids.add(item.id)
            ev = item.evidence
            cut = text[ev.start : ev.end]
            if cut != ev.quote:
                problems.append(
                    f"{path.name} {item.id}: text[{ev.start}:{ev.end}] is {cut[:40]!r}, not the quote {ev.quote[:40]!r}"
                )
    for item_id in alternates:
        if item_id not in ids and item_id != "document":
            problems.append(f"{path.name}: alternates name unknown id {item_id}")
    return problems


CARDS = GOLD_DIR.parent / "cards" / "corpus.json"


def frozen_files() -> list[Path]:
    keyfacts = sorted((GOLD_DIR.parent / "keyfacts").glob("*.json"))
    return [GUIDELINES, *sorted(GOLD_DIR.glob("*.json")), *([CARDS] if CARDS.exists() else []), *keyfacts]


def pins() -> str:
    """`sha256  path` lines (as sha256sum writes them) for the guidelines and every gold file."""
    root = GOLD_DIR.parent
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(root)}" for p in frozen_files()]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if argv[1:2] == ["freeze"]:
        FROZEN.write_text(pins(), encoding="utf-8")
        print(f"wrote {FROZEN}: {len(frozen_files())} files pinned")
        return 0
    seeds = Path(argv[argv.index("--seeds") + 1]) if "--seeds" in argv else DEFAULT_SEEDS
    folders = (seeds, DEFAULT_DEVDOCS, DEFAULT_CORPUS)
    files = [Path(a) for a in argv[1:] if a.endswith(".json")]
    files = files or sorted(p for p in GOLD_DIR.glob("*.json") if not p.name.endswith(".alternates.json"))
    problems = [p for f in files for p in check_file(f, folders)]
    from .keyfacts import check_keyfacts  # the key facts of each gold document, frozen with it

    for f in files:
        gold = json.loads(f.read_text(encoding="utf-8"))
        source = find_source(Path(gold["document"]["source_file"]).name, folders)
        problems += check_keyfacts(f.stem, read_document(source).text)
    for problem in problems:
        print(problem)
    print(f"{len(files)} gold files checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
