#!/usr/bin/env bash
# `make agreement`: our `score` beside the official BLEnD scorer on a few thousand answer records
# per language. Sets up the venv of the official libraries (setup-venv.sh, once), then runs
# compare.py in it; arguments go to compare.py (--bin, --work, --per-language, --strict, ...).
# The report is WORK/report.md (default .build/agreement/report.md).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${DUALEVAL_AGREEMENT_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/dualeval/agreement-venv}"
"$here/setup-venv.sh" "$venv"
export DUALEVAL_AGREEMENT_VENV="$venv"
exec "$venv/bin/python" "$here/compare.py" "$@"
