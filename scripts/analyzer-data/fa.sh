#!/usr/bin/env bash
# Installs the Persian analyzer data (hazm 0.10.0 Lemmatizer word and verb lists) into TARGET_DIR.
#
#   scripts/analyzer-data/fa.sh TARGET_DIR
#
# Downloads the hazm 0.10.0 wheel from PyPI, checks its sha256, and converts the two lists the
# Lemmatizer reads into plain text, parsed exactly as hazm parses them:
#   words.txt  one word a line: the keys of WordTokenizer.words (hazm/data/words.dat; a line
#              counts only when it has three tab-separated fields after strip())
#   verbs.txt  one verb a line as "past stem#present stem", in file order (hazm/data/verbs.dat)
# The Swift side generates the conjugations from verbs.txt as hazm's Conjugation class does.
set -euo pipefail

version=0.10.0
wheel=hazm-$version-py3-none-any.whl
wheel_sha256=525c9b32914b98e50dab27fbd4f79c1067c898668812de095b8cdd81cc52b0ef

. "$(dirname "$0")/lib.sh"
analyzer_begin fa "hazm $version" "$@"
wheel_path=$(pypi_fetch "hazm==$version" "$wheel" "$wheel_sha256" --only-binary :all:)

"$python" - "$wheel_path" "$out" <<'PY' || die "converting $wheel failed"
import io, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]

def lines(name):
    # hazm opens these files in text mode (universal newlines) and iterates over the lines.
    with zipfile.ZipFile(wheel) as archive:
        return list(io.TextIOWrapper(io.BytesIO(archive.read(name)), encoding="utf-8"))

# hazm.utils.words_list, then the dict WordTokenizer.words keyed by the first field.
items = [line.strip().split("\t") for line in lines("hazm/data/words.dat")]
words = dict.fromkeys(item[0] for item in items if len(item) == 3)
# WordTokenizer reads the verbs as [verb.strip() for verb in file if verb]; Conjugation.get_all
# splits each at "#" into exactly two stems.
verbs = [line.strip() for line in lines("hazm/data/verbs.dat") if line]
for verb in verbs:
    assert verb.count("#") == 1 and "\n" not in verb, verb
for word in words:
    assert "\n" not in word, word

with open(f"{out}/words.txt", "w", encoding="utf-8", newline="\n") as f:
    f.writelines(w + "\n" for w in words if w)
with open(f"{out}/verbs.txt", "w", encoding="utf-8", newline="\n") as f:
    f.writelines(v + "\n" for v in verbs)
PY
analyzer_install
