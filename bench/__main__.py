"""Cityline's benchmarks: `python -m bench` lists them, `python -m bench NAME [args]` runs one,
`python -m bench all` runs each in turn. `make bench BENCH_ARGS="NAME …"` does the same.

A benchmark is a module in this folder with a `main(argv: list[str]) -> int` function and a
docstring whose first line says what it measures. Benchmarks never run in the test suite: they need
a quiet machine, PostgreSQL and large data, and they report figures (medians, and ratios to a
ceiling measured in the same run) rather than pass or fail.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def benchmarks() -> dict[str, object]:
    found = {}
    for module in pkgutil.iter_modules([str(HERE)]):
        if module.name.startswith("_"):
            continue
        try:
            loaded = importlib.import_module(f"bench.{module.name}")
        except ImportError as exc:  # a tool-only script (e.g. one that needs torch) is not a benchmark
            print(f"(skipping bench/{module.name}.py: {exc})", file=sys.stderr)
            continue
        if callable(getattr(loaded, "main", None)):
            found[module.name] = loaded
    return found


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE.parent))
    found = benchmarks()
    if not argv:
        print("Benchmarks (python -m bench NAME [args], or all):")
        for name, module in sorted(found.items()):
            print(f"  {name:<28} {(module.__doc__ or '').strip().splitlines()[0] if module.__doc__ else ''}")
        return 0
    name, rest = argv[0], argv[1:]
    if name == "all":
        return max((found[n].main(rest) or 0) for n in sorted(found))
    if name not in found:
        print(f"no benchmark {name!r}; choose from: {', '.join(sorted(found))}", file=sys.stderr)
        return 2
    return found[name].main(rest) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
