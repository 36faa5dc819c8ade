"""Static word vectors: meaning at the cost of a dictionary look-up.

``data/word-vectors.npz`` holds about 22,000 English words, each embedded once
by the all-MiniLM-L6-v2 sentence model, reduced to 256 dimensions and stored as
int8 (``bench/triage_distill_embeddings.py`` rebuilds it). A text's vector is the
mean of its words' vectors; no model runs and nothing is downloaded.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from .text import stem

DATA = Path(__file__).resolve().parent / "data" / "word-vectors.npz"


class WordVectors:
    def __init__(self, path: Path = DATA) -> None:
        with np.load(path) as data:
            words = [str(w) for w in data["words"]]
            vectors = data["vectors"].astype(np.float32) * data["scales"][:, None]
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        self.matrix = vectors / np.maximum(norms, 1e-9)
        self.dimensions = self.matrix.shape[1]
        self.index = {word: i for i, word in enumerate(words)}
        # Inflected forms that are not in the vocabulary ("sparking", "flickering")
        # fall back to a word with the same stem.
        self.by_stem: dict[str, int] = {}
        for word, i in sorted(self.index.items(), key=lambda item: len(item[0])):
            self.by_stem.setdefault(stem(word, "en"), i)

    def lookup(self, word: str) -> int | None:
        i = self.index.get(word)
        if i is None:
            i = self.by_stem.get(stem(word, "en"))
        return i

    def embed(self, weighted_words: list[tuple[str, float]]) -> np.ndarray:
        """Unit-length weighted mean of the words' vectors (zeros if none is known)."""
        rows, weights = [], []
        for word, weight in weighted_words:
            i = self.lookup(word)
            if i is not None and weight > 0:
                rows.append(i)
                weights.append(weight)
        if not rows:
            return np.zeros(self.dimensions, dtype=np.float32)
        vector = np.asarray(weights, dtype=np.float32) @ self.matrix[rows]
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm > 0 else vector


@lru_cache(maxsize=1)
def word_vectors() -> WordVectors:
    """Loaded once per process, on first use (about 0.2 s, 22 MB of memory)."""
    return WordVectors()
