#!/usr/bin/env bash
# Create .venv and install the course with its pinned dependencies.
# Why the interpreter choice: when grading as root, the sandbox runs student code
# as the unprivileged user `nobody`, which must be able to execute the interpreter.
# A Python under /root (pyenv) is not reachable by `nobody`; Debian's is.
# Why the venv may live elsewhere: for the same reason `nobody` must reach the venv. A
# checkout that `nobody` cannot enter (e.g. under a 0700 `mktemp -d`) gets its venv in
# /opt/rlgrade-venvs/<hash of the checkout's path>, linked as .venv; the checkout itself
# stays closed to the child.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
VENV=.venv
if [ "$(id -u)" = 0 ]; then
  if [ -x /usr/bin/python3 ] && ! runuser -u nobody -- "$(command -v "$PY")" -c pass 2>/dev/null; then
    PY=/usr/bin/python3
  fi
  if [ ! -e .venv ] && ! runuser -u nobody -- test -e "$PWD/pyproject.toml" 2>/dev/null; then
    VENV="/opt/rlgrade-venvs/$(printf %s "$PWD" | sha256sum | cut -c1-16)"
    mkdir -p "$VENV"
    chmod 755 /opt/rlgrade-venvs "$VENV"
    ln -s "$VENV" .venv
    echo "install.sh: nobody cannot enter $PWD; the venv is $VENV (linked as .venv)"
  fi
fi
if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# The course repository installs everything (instructor tools and the test suite); the
# GitHub Classroom starter's copy installs only what students need (`rlgrade export
# classroom` rewrites this default to `student`).
EXTRAS="${RLGRADE_EXTRAS:-instructor,dev}"
.venv/bin/python -m pip install --quiet -e ".[$EXTRAS]"
