#!/usr/bin/env bash
# Installs the data of the Chinese analyzer (a port of jieba 0.42.1 `jieba.cut`, accurate mode, HMM
# on) into TARGET_DIR, from the jieba 0.42.1 sdist on PyPI (sha256 pinned below):
#   dict.tsv  jieba/dict.txt without its part-of-speech tags: `word<TAB>frequency`, one a line, in
#             the file's order (duplicates kept: jieba sums every line into its total);
#   hmm.tsv   jieba/finalseg/prob_{start,trans,emit}.py as `start<TAB>S<TAB>logp`,
#             `trans<TAB>FROM<TAB>TO<TAB>logp` and `emit<TAB>S<TAB>char<TAB>logp` lines;
#   VERSION   `jieba 0.42.1 <sdist sha256>`, written last: its presence marks a complete install.
# Usage: scripts/analyzer-data/zh.sh TARGET_DIR
# Idempotent (does nothing when TARGET_DIR/VERSION is current); quiet on success; messages go to
# stderr. Environment: PYTHON (default python3) runs pip and the conversion.
set -euo pipefail

VERSION=0.42.1
SDIST=jieba-$VERSION.tar.gz
SDIST_SHA=055ca12f62674fafed09427f176506079bc135638a14e23e25be909131928db2
. "$(dirname "$0")/lib.sh"
analyzer_begin zh "jieba $VERSION $SDIST_SHA" "$@"
sdist=$(pypi_fetch "jieba==$VERSION" "$SDIST" "$SDIST_SHA" --no-binary :all:)

"$python" - "$sdist" "$out" <<'PY' || die "converting $SDIST failed"
import ast, sys, tarfile

sdist, out = sys.argv[1], sys.argv[2]
root = "jieba-0.42.1/jieba/"

with tarfile.open(sdist) as tar:
    def member(name):
        return tar.extractfile(root + name).read()

    # dict.txt: "word freq tag"; jieba reads each line as line.strip().split(' ')[:2].
    with open(out + "/dict.tsv", "w", encoding="utf-8", newline="\n") as f:
        for number, raw in enumerate(member("dict.txt").splitlines(), 1):
            word, freq = raw.strip().decode("utf-8").split(" ")[:2]
            if not word or "\t" in word or "\n" in word or int(freq) < 0:
                sys.exit(f"dict.txt line {number}: unexpected entry {raw!r}")
            f.write(f"{word}\t{int(freq)}\n")

    def table(name):  # the literal P = {...} of a finalseg/prob_*.py module
        tree = ast.parse(member("finalseg/" + name).decode("utf-8"))
        [assign] = [n for n in tree.body if isinstance(n, ast.Assign)]
        return ast.literal_eval(assign.value)

    start, trans, emit = table("prob_start.py"), table("prob_trans.py"), table("prob_emit.py")
    with open(out + "/hmm.tsv", "w", encoding="utf-8", newline="\n") as f:
        for state, p in sorted(start.items()):
            f.write(f"start\t{state}\t{float(p)!r}\n")
        for state, row in sorted(trans.items()):
            for to, p in sorted(row.items()):
                f.write(f"trans\t{state}\t{to}\t{float(p)!r}\n")
        for state, row in sorted(emit.items()):
            for char, p in sorted(row.items()):
                if len(char) != 1 or char in "\t\n\r":
                    sys.exit(f"prob_emit.py: unexpected key {char!r}")
                f.write(f"emit\t{state}\t{char}\t{float(p)!r}\n")
PY
analyzer_install
