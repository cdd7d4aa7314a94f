#!/usr/bin/env bash
# Installs the data of the English analyzer (a port of spaCy's English tokenizer plus a POS-free
# stand-in for en_core_web_sm's rule lemmatizer) into TARGET_DIR.
#
#   scripts/analyzer-data/en.sh TARGET_DIR
#
# Sources (both MIT, from PyPI, sha256-pinned):
#   spacy 3.7.4 (the cp311 manylinux wheel; only its pure-Python tokenizer rule files are read,
#     nothing is imported from the compiled package)  -> tokenizer.json
#   spacy-lookups-data 1.0.5 (en_lemma_index/exc/rules) -> lemma_index.tsv (pos, word),
#     lemma_exc.tsv (pos, word, space-separated lemmas), lemma_rules.tsv (pos, old suffix, new suffix)
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 TARGET_DIR" >&2
    exit 64
fi
target=$1
if [[ -f "$target/tokenizer.json" && -f "$target/lemma_index.tsv" && -f "$target/lemma_exc.tsv" \
      && -f "$target/lemma_rules.tsv" && -f "$target/VERSION" ]] \
   && [[ "$(cat "$target/VERSION")" == "spacy-3.7.4+lookups-1.0.5" ]]; then
    exit 0
fi

SPACY_WHEEL=spacy-3.7.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
SPACY_SHA256=7580d1565f4d1ccbee9a18531f993a5b9b37ced96f145153dd4e98ceec607a55
LOOKUPS_WHEEL=spacy_lookups_data-1.0.5-py2.py3-none-any.whl
LOOKUPS_SHA256=466f21f087e4144bc93800679437ec5a17be7d0888734b1ba880b3ecb0978bc6

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m pip download --quiet --no-deps --only-binary=:all: --platform manylinux_2_17_x86_64 \
    --python-version 3.11 --implementation cp "spacy==3.7.4" -d "$work/dl" >&2
python3 -m pip download --quiet --no-deps "spacy-lookups-data==1.0.5" -d "$work/dl" >&2

check() {
    local actual
    actual=$(sha256sum "$work/dl/$1" | cut -d' ' -f1)
    if [[ "$actual" != "$2" ]]; then
        echo "$0: sha256 mismatch for $1: $actual" >&2
        exit 65
    fi
}
check "$SPACY_WHEEL" "$SPACY_SHA256"
check "$LOOKUPS_WHEEL" "$LOOKUPS_SHA256"

out="$work/out"
mkdir -p "$out"
python3 - "$work/dl/$SPACY_WHEEL" "$work/dl/$LOOKUPS_WHEEL" "$out" <<'PY'
"""Converts spaCy's English tokenizer rules and lemma tables into small files for Swift.

The rule files are executed in a stub package so that no compiled spaCy module is needed:
symbols.ORTH/NORM become plain strings and util.update_exc is re-implemented (merge, then add
the typographic-apostrophe variants, as spaCy does).
"""
import gzip, json, os, re, sys, types, zipfile

spacy_wheel, lookups_wheel, out = sys.argv[1:4]

def load_module(name, source, package):
    module = types.ModuleType(name)
    module.__package__ = package
    sys.modules[name] = module
    exec(compile(source, name, "exec"), module.__dict__)
    return module

with zipfile.ZipFile(spacy_wheel) as z:
    read = lambda p: z.read("spacy/" + p).decode("utf-8")
    for pkg in ("spacy", "spacy.lang", "spacy.lang.en"):
        m = types.ModuleType(pkg); m.__path__ = []; sys.modules[pkg] = m
    load_module("spacy.symbols", "ORTH = 'ORTH'\nNORM = 'NORM'\n", "spacy")
    util_source = '''
def expand_exc(excs, search, replace):
    new = dict(excs)
    for key, tokens in excs.items():
        if search in key:
            new[key.replace(search, replace)] = [dict(t, ORTH=t["ORTH"].replace(search, replace)) for t in tokens]
    return new
def update_exc(base, *additions):
    exc = dict(base)
    for a in additions:
        for orth, toks in a.items():
            assert orth == "".join(t["ORTH"] for t in toks), orth
        exc.update(a)
    return expand_exc(exc, "'", "\u2019")
'''
    load_module("spacy.util", util_source, "spacy")
    cc = load_module("spacy.lang.char_classes", read("lang/char_classes.py"), "spacy.lang")
    load_module("spacy.lang.tokenizer_exceptions", read("lang/tokenizer_exceptions.py"), "spacy.lang")
    base_punct = load_module("spacy.lang.punctuation", read("lang/punctuation.py"), "spacy.lang")
    en_punct = load_module("spacy.lang.en.punctuation", read("lang/en/punctuation.py"), "spacy.lang.en")
    en_exc = load_module("spacy.lang.en.tokenizer_exceptions", read("lang/en/tokenizer_exceptions.py"), "spacy.lang.en")

# The Swift port hard-codes the order and shape of the affix rules; fail loudly if they moved.
expected_prefix_head = ["§", "%", "=", "—", "–", r"\+(?![0-9])"]
assert base_punct.TOKENIZER_PREFIXES == expected_prefix_head + cc.LIST_PUNCT + cc.LIST_ELLIPSES \
    + cc.LIST_QUOTES + cc.LIST_CURRENCY + cc.LIST_ICONS
assert base_punct.TOKENIZER_SUFFIXES[:len(cc.LIST_PUNCT)] == cc.LIST_PUNCT
assert len(base_punct.TOKENIZER_SUFFIXES) == len(cc.LIST_PUNCT + cc.LIST_ELLIPSES + cc.LIST_QUOTES + cc.LIST_ICONS) + 12
assert len(en_punct.TOKENIZER_INFIXES) == 8

all_chars = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)

def char_ranges(regex_class):
    pattern = re.compile("[" + regex_class + "]")
    codes = sorted(ord(c) for c in set(pattern.findall(all_chars)))
    ranges = []
    for c in codes:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return ranges

def literal(piece):
    """A regex piece that is a plain string (maybe with escaped punctuation) as that string."""
    text = re.sub(r"\\(.)", r"\1", piece)
    assert re.fullmatch(piece, text) and not re.search(r"[\[\]()?*+^$|.]", re.sub(r"\\.", "", piece)), piece
    return text

classes = {
    "alpha": char_ranges(cc.ALPHA),
    "alphaLower": char_ranges(cc.ALPHA_LOWER),
    "alphaUpper": char_ranges(cc.ALPHA_UPPER),
    "icons": char_ranges(cc.ICONS),
    "quotes": char_ranges(cc.CONCAT_QUOTES),
    # the look-behind class of the suffix rule "(?<=[0-9{al}{e}{p}(?:{q})])\."
    "beforeSuffixPeriod": char_ranges("0-9" + cc.ALPHA_LOWER + r"%²\-\+" + cc.PUNCT + "(?:" + cc.CONCAT_QUOTES + ")"),
}
exceptions = {orth: [t["ORTH"] for t in toks] for orth, toks in en_exc.TOKENIZER_EXCEPTIONS.items()}
data = {
    "classes": classes,
    "punct": [literal(p) for p in cc.LIST_PUNCT if p.strip()],
    "quotes": [literal(p) for p in cc.LIST_QUOTES if p.strip()],
    "currency": [literal(p) for p in cc.LIST_CURRENCY if p.strip()],
    "units": [literal(p) for p in cc.UNITS.split("|") if p.strip()],
    "hyphens": [literal(p) for p in cc.HYPHENS.split("|") if p.strip()],
    "exceptions": exceptions,
}
with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
    json.dump(data, f, ensure_ascii=False, sort_keys=True)

with zipfile.ZipFile(lookups_wheel) as z:
    table = lambda name: json.loads(gzip.decompress(z.read(f"spacy_lookups_data/data/{name}.json.gz")))
    index, exc, rules = table("en_lemma_index"), table("en_lemma_exc"), table("en_lemma_rules")

def clean(s):
    assert "\t" not in s and "\n" not in s, repr(s)
    return s

with open(os.path.join(out, "lemma_index.tsv"), "w", encoding="utf-8") as f:
    for pos in sorted(index):
        for word in sorted(set(index[pos])):
            f.write(f"{clean(pos)}\t{clean(word)}\n")
with open(os.path.join(out, "lemma_exc.tsv"), "w", encoding="utf-8") as f:
    for pos in sorted(exc):
        for word in sorted(exc[pos]):
            lemmas = [clean(lemma) for lemma in exc[pos][word]]
            assert lemmas and all(lemma and " " not in lemma for lemma in lemmas), word
            f.write(f"{clean(pos)}\t{clean(word)}\t{' '.join(lemmas)}\n")
with open(os.path.join(out, "lemma_rules.tsv"), "w", encoding="utf-8") as f:
    for pos in sorted(rules):
        for old, new in rules[pos]:
            f.write(f"{clean(pos)}\t{clean(old)}\t{clean(new)}\n")
PY
echo "spacy-3.7.4+lookups-1.0.5" > "$out/VERSION"

mkdir -p "$(dirname "$target")"
staged="$target.tmp.$$"
rm -rf "$staged"
mv "$out" "$staged"
rm -rf "$target"
mv "$staged" "$target"
