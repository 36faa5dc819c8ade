"""Run the registered benchmarks: `python -m bench` (all) or `python -m bench console_search --cases 100000`.

Each benchmark is a module of this folder with a ``main(argv) -> int``; register it below. Arguments
after the name go to that benchmark.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    "console_search": "bench.console_search",
}


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        print("benchmarks:", ", ".join(BENCHMARKS))
        return 0
    if argv and argv[0] in BENCHMARKS:
        names, rest = [argv[0]], argv[1:]
    else:
        names, rest = list(BENCHMARKS), argv
    status = 0
    for name in names:
        print(f"== {name}")
        status |= importlib.import_module(BENCHMARKS[name]).main(rest)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
