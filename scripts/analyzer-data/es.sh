#!/usr/bin/env bash
# Installs the data of the Spanish analyzer into TARGET_DIR.
#
#   scripts/analyzer-data/es.sh TARGET_DIR
#
# BLEnD lemmatizes Spanish with Spark NLP's pretrained LemmatizerModel "lemma"/es, which cannot be
# fetched offline or from PyPI. The stand-in dictionary is spacy-lookups-data 1.0.5's
# es_lemma_lookup (MIT; derived from Michal Měchura's lemmatization-lists, the same family of
# word lists), written as lemma_lookup.tsv: one "form<TAB>lemma" line per entry.
set -euo pipefail

LOOKUPS_WHEEL=spacy_lookups_data-1.0.5-py2.py3-none-any.whl
LOOKUPS_SHA256=466f21f087e4144bc93800679437ec5a17be7d0888734b1ba880b3ecb0978bc6

. "$(dirname "$0")/lib.sh"
analyzer_begin es "spacy-lookups-data 1.0.5 $LOOKUPS_SHA256" "$@"
wheel=$(pypi_fetch "spacy-lookups-data==1.0.5" "$LOOKUPS_WHEEL" "$LOOKUPS_SHA256")

"$python" - "$wheel" "$out/lemma_lookup.tsv" <<'PY' || die "converting $LOOKUPS_WHEEL failed"
import gzip, json, sys, zipfile
wheel, path = sys.argv[1:3]
with zipfile.ZipFile(wheel) as z:
    table = json.loads(gzip.decompress(z.read("spacy_lookups_data/data/es_lemma_lookup.json.gz")))
with open(path, "w", encoding="utf-8") as f:
    for form in sorted(table):
        lemma = table[form]
        for text in (form, lemma):
            assert text and not any(c in text for c in "\t\n\r"), repr(text)
        f.write(f"{form}\t{lemma}\n")
PY
analyzer_install
