#!/usr/bin/env bash
# Installs the Sundanese analyzer data (SUSTEM's root word list) into TARGET_DIR.
#
#   scripts/analyzer-data/su.sh TARGET_DIR
#
# SUSTEM (github.com/setiawanirwan/SUSTEM, MIT) is not on PyPI, so its root word list is the one
# analyzer data file committed to this repository (data/sustem/, see its README.md). This script
# checks the committed copy against the pinned sha256 and copies it into TARGET_DIR.
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 TARGET_DIR" >&2
    exit 64
fi
target=$1
name=SundaRootWordVer20220216.txt
sha256=2384fddb54a6b9d035b20570c4e86907bde57c57e8caeaec2ba539b5d19758bd
source="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/data/sustem/$name"

if [[ -f "$target/$name" ]] && echo "$sha256  $target/$name" | sha256sum --check --status; then
    exit 0
fi
if ! echo "$sha256  $source" | sha256sum --check --status 2>/dev/null; then
    echo "$0: $source is missing or does not match sha256 $sha256" >&2
    exit 65
fi

mkdir -p "$(dirname "$target")"
staging=$(mktemp -d "$(dirname "$target")/.su.XXXXXX")
trap 'rm -rf "$staging"' EXIT
cp "$source" "$staging/$name"
chmod 755 "$staging"
rm -rf "$target"
mv "$staging" "$target"
trap - EXIT
