"""Static word vectors: meaning at the cost of a dictionary look-up.

``data/word-vectors.npz`` holds about 22,000 English words and thesaurus phrases,
each embedded once by the all-mpnet-base-v2 sentence model, reduced to 256
dimensions and stored as int8, with a smooth-inverse-frequency weight per entry
(``bench/triage_distill_embeddings.py`` rebuilds it), and about 19,000 Spanish
words (``es:palabra``) embedded by multilingual-e5-small and carried into the same
space (``bench/triage_distill_spanish.py``). A text's vector is the weighted mean
of its words' and phrases' vectors; no model runs and nothing is downloaded.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from .text import stem

DATA = Path(__file__).resolve().parent / "data" / "word-vectors.npz"
# Even the commonest word keeps this much of its weight: "light" in "light out" still matters.
SIF_FLOOR = 0.1


def _stem_key(word: str) -> str:
    if word.startswith("es:"):
        return "es:" + stem(word[3:], "es")
    return stem(word, "en")


class WordVectors:
    def __init__(self, path: Path = DATA) -> None:
        with np.load(path) as data:
            words = [str(w) for w in data["words"]]
            vectors = data["vectors"].astype(np.float32) * data["scales"][:, None]
            # How much each entry counts in a mean: less for words common in all
            # English ("street", "front"), full for rare ones ("pothole", "tarp").
            self.weights = (
                data["weights"].astype(np.float32) / 255.0
                if "weights" in data.files
                else np.ones(len(words), dtype=np.float32)
            )
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        self.matrix = vectors / np.maximum(norms, 1e-9)
        self.dimensions = self.matrix.shape[1]
        self.index = {word: i for i, word in enumerate(words)}
        # Inflected forms that are not in the vocabulary ("sparking", "flickering")
        # fall back to a word with the same stem.
        # Spanish entries are stored as "es:palabra" and fall back by Spanish stem.
        self.by_stem: dict[str, int] = {}
        for word, i in sorted(self.index.items(), key=lambda item: len(item[0])):
            self.by_stem.setdefault(_stem_key(word), i)

    def lookup(self, word: str) -> int | None:
        i = self.index.get(word)
        if i is None:
            i = self.by_stem.get(_stem_key(word))
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
        vector = (np.asarray(weights, dtype=np.float32) * (SIF_FLOOR + self.weights[rows])) @ self.matrix[rows]
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm > 0 else vector


@lru_cache(maxsize=1)
def word_vectors() -> WordVectors:
    """Loaded once per process, on first use (one to two seconds, 43 MB of memory)."""
    return WordVectors()
