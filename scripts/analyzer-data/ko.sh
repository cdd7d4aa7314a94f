#!/usr/bin/env bash
# Installs the data of the Korean analyzer (a port of open-korean-text 2.1.0, the "Okt" of konlpy
# 0.6.0) into TARGET_DIR, from the konlpy 0.6.0 wheel on PyPI (sha256 pinned below), which bundles
# open-korean-text-2.1.0.jar. The jar's dictionary resources become plain word lists (one word a
# line, trimmed, empty lines dropped, duplicates removed, sorted):
#   noun.txt           the 17 lists Okt merges into its noun dictionary;
#   verb.txt           verb stems (the analyzer conjugates them as Okt does);
#   adjective.txt      adjective stems (likewise);
#   adverb.txt determiner.txt exclamation.txt josa.txt eomi.txt pre_eomi.txt conjunction.txt
#   modifier.txt verb_prefix.txt suffix.txt
#                      the other part-of-speech dictionaries;
#   family_name.txt given_name.txt full_name.txt
#                      the name dictionaries (full names: kpop, foreign and names lists);
#   entity_freq.tsv    freq/entity-freq.txt.gz as `word<TAB>value`, value cut to 6 characters as
#                      Okt does before parsing it as a float; a later line of a word wins;
#   VERSION            `konlpy 0.6.0 <wheel sha256>`, written last: it marks a complete install.
# Usage: scripts/analyzer-data/ko.sh TARGET_DIR
# Idempotent (does nothing when TARGET_DIR/VERSION is current); quiet on success; messages go to
# stderr. Environment: PYTHON (default python3) runs pip and the conversion.
set -euo pipefail

VERSION=0.6.0
WHEEL=konlpy-$VERSION-py2.py3-none-any.whl
WHEEL_SHA=0b7928059e20eb1c72f6fe65a3d12c104fae9e68173904e16beef869cf0ea590
. "$(dirname "$0")/lib.sh"
analyzer_begin ko "konlpy $VERSION $WHEEL_SHA" "$@"
wheel=$(pypi_fetch "konlpy==$VERSION" "$WHEEL" "$WHEEL_SHA" --only-binary :all:)

"$python" - "$wheel" "$out" <<'PY' || die "converting $WHEEL failed"
import gzip, io, re, sys, zipfile

wheel, out = sys.argv[1], sys.argv[2]
root = "org/openkoreantext/processor/util/"

with zipfile.ZipFile(wheel) as whl:
    jar = zipfile.ZipFile(io.BytesIO(whl.read("konlpy/java/open-korean-text-2.1.0.jar")))

def lines(name):
    """The lines Okt reads from a resource: UTF-8, trimmed as Scala's String.trim, non-empty."""
    data = jar.read(root + name)
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    for line in re.split("\r\n|\r|\n", data.decode("utf-8")):  # as BufferedReader.readLine
        line = line.strip("".join(chr(c) for c in range(33)))
        if line:
            yield line

def write_words(out_name, *names):
    words = set()
    for name in names:
        words.update(lines(name))
    with open(f"{out}/{out_name}", "w", encoding="utf-8", newline="\n") as f:
        for word in sorted(words):
            if "\n" in word or "\r" in word:
                sys.exit(f"{names}: unexpected entry {word!r}")
            f.write(word + "\n")

write_words("noun.txt",
    "noun/nouns.txt", "noun/entities.txt", "noun/spam.txt", "noun/names.txt", "noun/twitter.txt",
    "noun/lol.txt", "noun/slangs.txt", "noun/company_names.txt", "noun/foreign.txt",
    "noun/geolocations.txt", "noun/profane.txt", "substantives/given_names.txt", "noun/kpop.txt",
    "noun/bible.txt", "noun/pokemon.txt", "noun/congress.txt", "noun/wikipedia_title_nouns.txt")
write_words("verb.txt", "verb/verb.txt")
write_words("adjective.txt", "adjective/adjective.txt")
write_words("adverb.txt", "adverb/adverb.txt")
write_words("determiner.txt", "auxiliary/determiner.txt")
write_words("exclamation.txt", "auxiliary/exclamation.txt")
write_words("josa.txt", "josa/josa.txt")
write_words("eomi.txt", "verb/eomi.txt")
write_words("pre_eomi.txt", "verb/pre_eomi.txt")
write_words("conjunction.txt", "auxiliary/conjunctions.txt")
write_words("modifier.txt", "substantives/modifier.txt")
write_words("verb_prefix.txt", "verb/verb_prefix.txt")
write_words("suffix.txt", "substantives/suffix.txt")
write_words("family_name.txt", "substantives/family_names.txt")
write_words("given_name.txt", "substantives/given_names.txt")
write_words("full_name.txt", "noun/kpop.txt", "noun/foreign.txt", "noun/names.txt")

# Okt: for lines containing a tab, map(fields[0]) = float(fields[1][:6]); later lines win.
freq = {}
for line in lines("freq/entity-freq.txt.gz"):
    if "\t" in line:
        fields = line.split("\t")
        value = fields[1][:6]
        float(value)  # Okt would throw on a malformed value; so do we
        freq[fields[0]] = value
with open(f"{out}/entity_freq.tsv", "w", encoding="utf-8", newline="\n") as f:
    for word, value in sorted(freq.items()):
        f.write(f"{word}\t{value}\n")
PY
analyzer_install
