#!/usr/bin/env bash
# Create .venv and install the course with its pinned dependencies.
# Why the interpreter choice: when grading as root, the sandbox runs student code
# as the unprivileged user `nobody`, which must be able to execute the interpreter.
# A Python under /root (pyenv) is not reachable by `nobody`; Debian's is.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if [ "$(id -u)" = 0 ] && [ -x /usr/bin/python3 ] \
   && ! runuser -u nobody -- "$(command -v "$PY")" -c pass 2>/dev/null; then
  PY=/usr/bin/python3
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
