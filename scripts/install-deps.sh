#!/usr/bin/env bash
# Installs the Debian packages dualeval needs, only those that are missing.
# Idempotent: a second run changes nothing and calls no package manager.
# Usage: scripts/install-deps.sh [extra-package ...]
set -euo pipefail

packages=(libzstd-dev libjansson-dev pkg-config zstd python3 "$@")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
