"""How long does triage take per resident text? Not a test: run it by hand.

    python bench/triage_speed.py [--catalog hutchinson-ks] [--texts FILE.csv] [--repeat 5]

Prints the median and 95th percentile milliseconds per text for the whole
``assess`` call (emergency check, language, ranking, articles, departments) and,
measured in the same run on the same texts, a ceiling to compare against: the
cost of merely folding and tokenizing the text. The ratio says how much work
triage does beyond reading the words, independent of the machine's speed.
Without ``--texts`` it uses the sample sentences below (written for this file).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import sys
import time

# One BLAS thread, as in a web worker: triage's matrix products are small, and on
# a busy machine a multi-threaded BLAS spends more time waking threads than working.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

SAMPLES = [
    "there's water gushing out of the street by my house",
    "hay un cable caído echando chispas",
    "The streetlight on the corner of 5th and Main has been out for two weeks and it is very dark at night",
    "neighbors playing loud music every night until 3am, please do something",
    "¿Qué día pasan a recoger la basura en mi calle?",
    "big pothole in the right lane, my car got a flat tire",
    "someone dumped a couch and a mattress in the alley behind the church",
    "a car is parked in front of the fire hydrant",
    "the dog next door barks all day",
    "My father collapsed and is not breathing",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", default="hutchinson-ks")
    parser.add_argument("--texts", help="CSV with a 'text' column")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from cityline.triage.assessment import Triage
    from cityline.triage.catalog import load_catalog
    from cityline.triage.text import fold, tokens

    texts = SAMPLES
    if args.texts:
        with open(args.texts, newline="", encoding="utf-8-sig") as handle:
            texts = [row["text"] for row in csv.DictReader(handle) if row.get("text")]
    started = time.perf_counter()
    triage = Triage(load_catalog(args.catalog))
    build_ms = (time.perf_counter() - started) * 1000
    triage.assess(texts[0])  # warm caches (stems, word vectors) as a running process has them

    assess_ms, tokenize_ms = [], []
    for _ in range(args.repeat):
        for text in texts:
            t0 = time.perf_counter()
            tokens(fold(text))
            t1 = time.perf_counter()
            triage.assess(text)
            t2 = time.perf_counter()
            tokenize_ms.append((t1 - t0) * 1000)
            assess_ms.append((t2 - t1) * 1000)
    median = statistics.median(assess_ms)
    ceiling = statistics.median(tokenize_ms)
    result = {
        "catalog": args.catalog,
        "services": len(triage.ranker.codes),
        "texts": len(texts),
        "build_ms": round(build_ms, 1),
        "assess_median_ms": round(median, 3),
        "assess_p95_ms": round(statistics.quantiles(assess_ms, n=20)[-1], 3),
        "tokenize_median_ms": round(ceiling, 4),
        "ratio_to_tokenize": round(median / ceiling, 1) if ceiling else None,
    }
    json.dump(result, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
