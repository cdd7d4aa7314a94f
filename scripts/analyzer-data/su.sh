#!/usr/bin/env bash
# Installs the Sundanese analyzer data (SUSTEM's root word list) into TARGET_DIR.
#
#   scripts/analyzer-data/su.sh TARGET_DIR
#
# SUSTEM (github.com/setiawanirwan/SUSTEM, MIT) is not on PyPI, so its root word list is the one
# analyzer data file committed to this repository (data/sustem/, see its README.md). This script
# checks the committed copy against the pinned sha256 and copies it into TARGET_DIR.
set -euo pipefail

name=SundaRootWordVer20220216.txt
sha256=2384fddb54a6b9d035b20570c4e86907bde57c57e8caeaec2ba539b5d19758bd
source="$(cd "$(dirname "$0")/../.." && pwd)/data/sustem/$name"

. "$(dirname "$0")/lib.sh"
analyzer_begin su "SUSTEM root words $sha256" "$@"
echo "$sha256  $source" | sha256sum --check --status 2>/dev/null \
  || die "$source is missing or does not match sha256 $sha256"
cp "$source" "$out/$name"
analyzer_install
