#!/usr/bin/env bash
# Installs the Indonesian analyzer data (nlp_id 0.1.15.0 Lemmatizer word lists) into TARGET_DIR.
#
#   scripts/analyzer-data/id.sh TARGET_DIR
#
# Downloads the nlp-id 0.1.15.0 sdist from PyPI (only an sdist exists for this version), checks its
# sha256, and converts the Lemmatizer's two word lists into plain text:
#   root-words.txt  one root word a line (nlp_id/data/root-word.txt)
#   lemmas.tsv      word<TAB>lemma a line (nlp_id/data/lemma_dict.json)
# Only entries made of [a-z0-9-] are kept: the Lemmatizer lowercases its input and replaces every
# other character by a space, so no other entry can ever be looked up.
set -euo pipefail

version=0.1.15.0
sdist=nlp_id-$version.tar.gz
sdist_sha256=2a5e1a3e87170eb3dbde178b30ffc9a63c234a2d1d52b8ff84407ed16f689b31

. "$(dirname "$0")/lib.sh"
analyzer_begin id "nlp-id $version" "$@"
sdist_path=$(pypi_fetch "nlp-id==$version" "$sdist" "$sdist_sha256" --no-binary :all:)

tar -xzf "$sdist_path" -C "$work" \
    "nlp_id-$version/nlp_id/data/root-word.txt" \
    "nlp_id-$version/nlp_id/data/lemma_dict.json"

"$python" - "$work/nlp_id-$version/nlp_id/data" "$out" <<'PY' || die "converting $sdist failed"
import json, re, sys
source, out = sys.argv[1], sys.argv[2]
reachable = re.compile(r"[a-z0-9-]+")
with open(f"{source}/root-word.txt", encoding="utf-8") as f:
    roots = [w for w in f.read().splitlines() if reachable.fullmatch(w)]
with open(f"{source}/lemma_dict.json", encoding="utf-8") as f:
    lemmas = json.load(f)
with open(f"{out}/root-words.txt", "w", encoding="utf-8", newline="\n") as f:
    f.writelines(w + "\n" for w in roots)
with open(f"{out}/lemmas.tsv", "w", encoding="utf-8", newline="\n") as f:
    for word, lemma in lemmas.items():
        if reachable.fullmatch(word):
            # Every reachable lemma is itself made of [a-z0-9-] (checked for 0.1.15.0).
            assert reachable.fullmatch(lemma), (word, lemma)
            f.write(f"{word}\t{lemma}\n")
PY
analyzer_install
