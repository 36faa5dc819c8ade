#!/usr/bin/env bash
# Pin every dependency of pyproject.toml, exactly, into requirements/*.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/runtime"
"$work/runtime/bin/pip" install --quiet --upgrade "pip>=24"
"$work/runtime/bin/pip" install --quiet .
{ echo "# Exact pins of Cityline's runtime dependencies. Regenerate with: make lock"; \
  "$work/runtime/bin/pip" freeze --exclude cityline | sort -f; } > requirements/runtime.lock
"$work/runtime/bin/pip" install --quiet ".[test]"
{ echo "# Runtime + test dependencies, exact pins. Regenerate with: make lock"; \
  "$work/runtime/bin/pip" freeze --exclude cityline | sort -f; } > requirements/test.lock
echo "requirements/runtime.lock: $(grep -vc '^#' requirements/runtime.lock) packages"
echo "requirements/test.lock: $(grep -vc '^#' requirements/test.lock) packages"
