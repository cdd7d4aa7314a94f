#!/usr/bin/env python3
"""make_cases: realistic answer records for the scorer agreement harness.

Takes the question records of every set with an official answer key from `import-blend`
(Q_{US,fa} and Q_{US,su} have none and are skipped), and writes answer records in our format
(docs/records.md "answer"): the question record's fields, then model, backend, instruction,
prompt, settings, key, response, ... . The prompt is the real inst-4 prompt of the set (BLEnD's
data/prompts/{Country}_prompts.csv: `Translation` column for a local-language set, `English`
for an English one; Q_{US,l} takes the column of l's home country), with every `{q}` replaced.

Responses come in classes (list: --list-classes). A question occurs once per (model, instruction,
set) run, so every class is its own model, "case-<class>", and each run holds the templates drawn
for that class; the model "case-mixed" answers every question of every set, each with a response
of a random class: a full-size run, as a real model's, for the SEM comparison. The class and variant of every record are in a side file (OUT.classes.jsonl,
keyed by model + id + key), so the answer records carry no extra field.

Usage: make_cases.py --bin .build/release --out cases.jsonl.zst [--per-language 5000] [--seed 1]
       make_cases.py ... --sample-dir docs/agreement-sample --sample-per-language 40
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import subprocess
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from official_scorer import COUNTRIES, LANG_HOME, default_dir  # noqa: E402  (standard library only)

SETS_BY_LANG = {
    "en": ["Q_US_en", "Q_CN_en", "Q_ES_en", "Q_ID_en", "Q_KR_en", "Q_IR_en", "Q_JB_en"],
    "zh": ["Q_CN_zh", "Q_US_zh"], "es": ["Q_ES_es", "Q_US_es"], "id": ["Q_ID_id", "Q_US_id"],
    "ko": ["Q_KR_ko", "Q_US_ko"], "fa": ["Q_IR_fa"], "su": ["Q_JB_su"],
}
SKIPPED_SETS = {"Q_US_fa": "no official answer key", "Q_US_su": "no official answer key"}

LABELS = {
    "en": ["Answer: ", "Answer:", "answer: ", "ANSWER: ", "Answer:\n", "A: ", "Final answer: ", "Answer:  "],
    "zh": ["答案： ", "答案：", "答案: ", "答案：\n", "回答： ", "Answer: "],
    "ko": ["답: ", "답변: ", "답변:", "정답: ", "답변:\n", "Answer: "],
    "es": ["Respuesta: ", "respuesta:", "Respuesta:\n", "RESPUESTA: ", "Answer: "],
    "id": ["Jawaban: ", "Jawaban:", "jawaban:\n", "Answer: "],
    "fa": ["پاسخ: ", "جواب: ", "جواب:", "پاسخ:\n", "Answer: "],
    "su": ["Jawaban: ", "Jawaban:", "Waleran: ", "Answer: "],
}
SENTENCES = {
    "en": ["I think the answer is {x}.", "The most common one is {x}, which many people enjoy.",
           "{x} is the most popular choice.", "Probably {x}", "Most people would say {x}.",
           "{x}. It is widely popular and found almost everywhere."],
    "zh": ["我认为是{x}。", "最常见的是{x}，很多人都喜欢。", "{x}是最受欢迎的。", "答案是{x}", "大多数人会选择{x}。"],
    "es": ["Creo que la respuesta es {x}.", "Lo más común es {x}, que mucha gente disfruta.",
           "{x} es la opción más popular.", "Probablemente {x}.", "La mayoría diría {x}."],
    "id": ["Menurut saya jawabannya adalah {x}.", "Yang paling umum adalah {x}, yang disukai banyak orang.",
           "{x} adalah pilihan yang paling populer.", "Mungkin {x}.", "Kebanyakan orang akan menjawab {x}."],
    "ko": ["제 생각에는 {x}입니다.", "가장 일반적인 것은 {x}입니다.", "{x}가 가장 인기 있어요.",
           "아마 {x}일 거예요.", "대부분의 사람들은 {x}라고 말할 것입니다."],
    "fa": ["به نظر من {x} است.", "رایج‌ترین گزینه {x} است.", "{x} محبوب‌ترین انتخاب است.",
           "احتمالاً {x}.", "بیشتر مردم می‌گویند {x}."],
    "su": ["Numutkeun abdi jawabanana nyaéta {x}.", "Anu paling umum nyaéta {x}.",
           "{x} mangrupikeun pilihan anu pang populerna.", "Sigana mah {x}.", "Kalolobaan jalma bakal nyebut {x}."],
}
EN_SENTENCES = ["I think it is {x}.", "{x}", "The answer is {x}.", "{x} (in English)"]
IDK = {
    "en": ["I don't know.", "I'm not sure.", "Unknown", "N/A", "There is no single answer to this question."],
    "zh": ["我不知道。", "不确定", "没有标准答案。", "无法回答"],
    "es": ["No lo sé.", "No estoy seguro.", "No hay una única respuesta."],
    "id": ["Saya tidak tahu.", "Tidak ada jawaban pasti.", "Tidak tahu"],
    "ko": ["모르겠습니다.", "잘 모르겠어요.", "정답이 없습니다."],
    "fa": ["نمی‌دانم.", "نمیدانم", "مطمئن نیستم."],
    "su": ["Abdi teu terang.", "Teu terang", "Henteu aya jawaban anu pasti."],
}
EMPTY = ["", " ", "\n", ".", "...", "。", None]
WHITESPACE = ["\x1c{x}", "{x}\u00a0", "\t{x}\n", "\u3000{x}", "{x}\u200b", "\u200f{x}", "{x}\r\n", "\n\n{x}\n\n", "\u2003{x}."]
KO_PARTICLES = [("을", "를"), ("이", "가"), ("은", "는"), ("에서", "에서"), ("으로", "로"), ("과", "와"), ("도", "도"), ("의", "의")]

CLASSES = ["exact", "prefix", "inflected", "sentence", "english", "wrong", "empty", "idk", "hyphen",
           "fullwidth", "case", "echo", "whitespace", "list", "reorder", "partial", "spaced", "zwnj", "particle", "accent"]
CLASS_LANGS = {"zwnj": {"fa"}, "particle": {"ko"}, "accent": {"es"}, "english": {"zh", "es", "id", "ko", "fa", "su"}}


def has_final_consonant(s: str) -> bool:
    if not s:
        return False
    c = ord(s[-1])
    return 0xAC00 <= c <= 0xD7A3 and (c - 0xAC00) % 28 != 0


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def add_accent(s: str, rng) -> str:
    vowels = [i for i, c in enumerate(s) if c in "aeiou"]
    if not vowels:
        return s
    i = rng.choice(vowels)
    return s[:i] + {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}[s[i]] + s[i + 1:]


def inflect(x: str, lang: str, rng) -> tuple[str, str]:
    words = x.split(" ")
    last = words[-1]
    if lang == "en":
        options = {"plural": x + ("es" if x.endswith(("s", "ch", "sh", "x")) else "s"), "singular": x[:-1] if x.endswith("s") else x,
                   "the": "the " + x, "possessive": x + "'s", "ing": x + "ing", "ed": x + "ed", "ies": x[:-1] + "ies" if x.endswith("y") else x + "s"}
    elif lang == "es":
        plural = last + ("s" if last[-1:] in "aeiouáéó" else "es")
        gender = last[:-1] + {"o": "a", "a": "o"}.get(last[-1:], last[-1:]) if last else last
        options = {"plural": " ".join(words[:-1] + [plural]), "gender": " ".join(words[:-1] + [gender]),
                   "el": "el " + x, "la": "la " + x, "los": "los " + x + "s", "singular": x[:-1] if x.endswith("s") else x}
    elif lang == "id":
        options = {"nya": x + "nya", "redup": f"{last}-{last}" if len(words) == 1 else x, "an": x + "an",
                   "di": "di" + x, "me": "me" + x, "ber": "ber" + x, "kan": "di" + x + "kan", "pe-an": "pe" + x + "an"}
    elif lang == "su":
        options = {"na": x + "na", "an": x + "an", "di": "di" + x, "ka-an": "ka" + x + "an", "redup": f"{last}-{last}",
                   "nga": "nga" + x, "ar": x[:1] + "ar" + x[1:] if len(x) > 1 else x, "eun": x + "eun"}
    elif lang == "zh":
        options = {"de": x + "的", "le": x + "了", "chi": "吃" + x, "lei": x + "类", "yixie": "一些" + x, "men": x + "们"}
    elif lang == "ko":
        options = {"deul": x + "들", "ieyo": x + ("이에요" if has_final_consonant(x) else "예요"), "imnida": x + "입니다",
                   "yo": x + "요", "hada": x + "하다", "haeyo": x + "해요", "geot": x + " 것"}
    elif lang == "fa":
        options = {"ha-zwnj": x + "\u200cها", "ha": x + "ها", "ha-space": x + " ها", "haye": x + "\u200cهای", "ye": x + "ی",
                   "ezafe": x + "ِ", "mi": "می\u200c" + x, "an": x + "ان"}
    else:
        options = {"same": x}
    name = rng.choice(sorted(options))
    return options[name], name


def to_fullwidth_ascii(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def read_prompts(blend_dir: str) -> dict:
    out = {}
    for code, (key, _) in COUNTRIES.items():
        with open(Path(blend_dir) / "data" / "prompts" / f"{key}_prompts.csv", newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                out[(code, row["id"])] = (row["English"], row["Translation"])
    return out


def prompt_for(question: dict, prompts: dict, instruction: str = "inst-4") -> str:
    culture, lang = question["culture"], question["lang"]
    home = LANG_HOME[lang] if lang != "en" else culture
    english, translation = prompts[(home, instruction)]
    template = english if lang == "en" else translation
    return template.replace("{q}", question["question"])


def load_questions(bin_dir: str, blend_dir: str, dual_eval_dir: str) -> dict[str, list[dict]]:
    out = {}
    for lang, sets in SETS_BY_LANG.items():
        for set_name in sets:
            cmd = [f"{bin_dir}/import-blend", "--blend-dir", blend_dir, "--set", set_name, "--plain"]
            if set_name.startswith("Q_US_") and set_name != "Q_US_en":
                cmd += ["--dual-eval-dir", dual_eval_dir]
            text = subprocess.run(cmd, check=True, capture_output=True).stdout.decode("utf-8")
            out[set_name] = [json.loads(line) for line in text.splitlines() if line]
    return out


def target_text(q: dict, rng, english=False) -> tuple[str | None, int | None]:
    groups = q.get("answers") or []
    choices = [(i, t) for i, g in enumerate(groups) for t in (g["en_texts"] if english else g["texts"]) if t.strip()]
    if not choices:
        return None, None
    top = [c for c in choices if c[0] == 0]
    i, t = rng.choice(top) if top and rng.random() < 0.5 else rng.choice(choices)
    return t, i


def make_response(cls: str, q: dict, prompt: str, pool: list[dict], rng) -> tuple[str | None, str]:
    """(response, variant) for one class."""
    lang = q["lang"]
    x, _ = target_text(q, rng)
    if x is None and cls not in ("empty", "idk", "wrong"):   # a question without answers: another one's
        response, variant = make_response("wrong", q, prompt, pool, rng)
        return response, "no answers, so wrong: " + variant
    if cls == "exact":
        v = rng.choice(["as-is", "dot", "strip-space", "newline"])
        return {"as-is": x, "dot": x + ".", "strip-space": x.strip(), "newline": x + "\n"}[v], v
    if cls == "prefix":
        label = rng.choice(LABELS[lang])
        end = rng.choice(["", ".", "。" if lang in ("zh",) else "."])
        return label + x + end, repr(label)
    if cls == "inflected":
        y, v = inflect(x, lang, rng)
        return (y + rng.choice(["", ".", ""])), v
    if cls == "sentence":
        t = rng.choice(SENTENCES[lang])
        return t.replace("{x}", x), t
    if cls == "english":
        e, _ = target_text(q, rng, english=True)
        if e is None:
            return "I don't know.", "no-en"
        t = rng.choice(EN_SENTENCES)
        v = rng.choice(["lower", "title", "plural"])
        e = {"lower": e, "title": e.title(), "plural": e + "s"}[v]
        return t.replace("{x}", e), v + " " + t
    if cls == "wrong":
        other = rng.choice([p for p in pool if p["id"] != q["id"] and p.get("answers")] or [q])
        y, _ = target_text(other, rng)
        y = y or "pizza"
        return (rng.choice(SENTENCES[lang]).replace("{x}", y) if rng.random() < 0.3 else y), other["template_id"]
    if cls == "empty":
        v = rng.choice(EMPTY)
        return v, repr(v)
    if cls == "idk":
        v = rng.choice(IDK[lang] + (IDK["en"] if lang != "en" else []))
        return v, v
    if cls == "hyphen":
        options = {"space-to-hyphen": x.replace(" ", "-"), "hyphen-to-space": x.replace("-", " "),
                   "no-hyphen": x.replace("-", ""), "no-space": x.replace(" ", ""), "en-dash": x.replace(" ", "–").replace("-", "–"),
                   "double-space": x.replace(" ", "  "), "hyphen-spaced": x.replace("-", " - ").replace(" ", "-", 1)}
        v = rng.choice(sorted(options))
        return options[v], v
    if cls == "fullwidth":
        y, _ = target_text(q, rng)
        options = {"stop": x + "。", "label": "答案：" + x + "。", "comma": f"{x}，{y}。", "enum": f"{x}、{y}",
                   "brackets": f"「{x}」", "parens": f"（{x}）", "fw-ascii": to_fullwidth_ascii(x), "colon-space": "答案： " + x + "。",
                   "ideographic-space": "\u3000" + x + "\u3000"}
        v = rng.choice(sorted(options))
        return options[v], v
    if cls == "case":
        options = {"upper": x.upper(), "title": x.title(), "capitalize": x.capitalize(), "lower": x.lower(), "swap": x.swapcase(),
                   "upper-label": LABELS[lang][0].upper() + x.upper()}
        v = rng.choice(sorted(options))
        return options[v], v
    if cls == "echo":
        options = {"space": prompt + " " + x, "newline": prompt + "\n" + x, "glued": prompt + x,
                   "twice": prompt + " " + x + "\n\n" + prompt + " " + x,
                   "question-only": q["question"] + "\n" + LABELS[lang][0] + x,
                   "stripped": prompt.strip() + "  " + x + ".", "prefixed": "Sure! " + prompt + " " + x}
        v = rng.choice(sorted(options))
        return options[v], v
    if cls == "whitespace":
        t = rng.choice(WHITESPACE)
        return t.replace("{x}", x), repr(t)
    if cls == "list":
        y, _ = target_text(q, rng)
        options = {"comma": f"{x}, {y}", "or": f"{x} or {y}", "numbered": f"1. {x}\n2. {y}", "bullets": f"- {x}\n- {y}",
                   "bold": f"**{x}**", "quoted": f"\"{x}\"", "paren": f"{x} ({y})", "slash": f"{x}/{y}"}
        v = rng.choice(sorted(options))
        return options[v], v
    if cls == "reorder":   # the answer's words apart or swapped: the substring test fails, the tokens decide
        words = x.split()
        if len(words) > 1:
            k = rng.randrange(1, len(words))
            joiner = {"zh": "和", "ko": " 그리고 ", "es": " y ", "id": " dan ", "su": " jeung ", "fa": " و "}.get(lang, " and ")
            options = {"swapped": " ".join(words[k:] + words[:k]), "joined": " ".join(words[:k]) + joiner + " ".join(words[k:]),
                       "sentence": rng.choice(SENTENCES[lang]).replace("{x}", " ".join(reversed(words)))}
        else:
            k = max(1, len(x) // 2)
            sep = {"zh": "和", "ko": "와 "}.get(lang, " ")
            options = {"split": x[:k] + sep + x[k:], "swapped-halves": x[k:] + " " + x[:k]}
        v = rng.choice(sorted(options))
        return options[v], v
    if cls == "partial":   # a near miss: a word or a character short
        words = x.split()
        options = {"last-char-dropped": x[:-1] if len(x) > 1 else x, "first-char-dropped": x[1:] if len(x) > 1 else x}
        if len(words) > 1:
            options["word-dropped"] = " ".join(words[:-1])
            options["first-word"] = words[0]
        v = rng.choice(sorted(options))
        return options[v], v
    if cls == "spaced":    # spaces put in or taken out inside the answer
        options = {"no-spaces": x.replace(" ", ""), "mid-space": x[: len(x) // 2] + " " + x[len(x) // 2:],
                   "every-char": " ".join(x) if len(x) <= 6 else x.replace(" ", "")}
        v = rng.choice(sorted(options))
        return options[v], v
    if cls == "zwnj":
        options = {"zwnj-to-space": x.replace("\u200c", " "), "zwnj-removed": x.replace("\u200c", ""),
                   "space-to-zwnj": x.replace(" ", "\u200c"), "arabic-yeh": x.replace("ی", "ي"), "arabic-kaf": x.replace("ک", "ك"),
                   "persian-yeh": x.replace("ي", "ی"), "ha-zwnj": x + "\u200cها", "sentence-zwnj": "به نظر من " + x.replace(" ", "\u200c") + " است."}
        v = rng.choice(sorted(options))
        return options[v], v
    if cls == "particle":
        a, b = rng.choice(KO_PARTICLES)
        p = a if has_final_consonant(x) else b
        if rng.random() < 0.2:
            p = b if p == a else a      # the wrong allomorph
        t = rng.choice(["{x}", "{x} 먹어요.", "저는 {x} 좋아해요.", "{x} 많이 해요."])
        return t.replace("{x}", x + p), p + " " + t
    if cls == "accent":
        options = {"stripped": strip_accents(x), "added": add_accent(x, rng), "nfd": unicodedata.normalize("NFD", x),
                   "upper-accented": x.upper(), "n-tilde": x.replace("ñ", "n"), "sentence-stripped": strip_accents("Creo que es " + x + ".")}
        v = rng.choice(sorted(options))
        return options[v], v
    raise ValueError(cls)


def answer_record(q: dict, model: str, prompt: str, response, rng) -> dict:
    settings = {"temperature": 0, "top_p": 1, "max_tokens": 512, "seed": None}
    key = hashlib.sha256(json.dumps(["openai", model, [{"role": "user", "content": prompt}], settings],
                                    ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()
    rec = {k: v for k, v in q.items() if k != "kind"}
    rec = {"kind": "answer", **rec, "model": model, "backend": "openai", "instruction": "inst-4", "prompt": prompt,
           "chat_template": None, "settings": settings, "key": key, "response": response}
    if response is None:
        rec.update(finish_reason=None, usage=None, latency_ms=None, attempts=3,
                   error={"kind": "http", "status": 500, "message": "internal server error"})
    else:
        rec.update(finish_reason="stop", usage={"input_tokens": len(prompt) // 3, "output_tokens": max(1, len(response) // 3)},
                   latency_ms=round(rng.uniform(20, 900), 1), attempts=1, error=None)
    return rec


def build(questions: dict[str, list[dict]], prompts: dict, per_language: int, seed: int, langs=None, mixed=True):
    """Yields (record, side) pairs: per set, a run per class ("case-<class>", per_language records
    per language in all) and, with mixed, one full-size run "case-mixed"."""
    for lang, sets in SETS_BY_LANG.items():
        if langs and lang not in langs:
            continue
        classes = [c for c in CLASSES if lang in CLASS_LANGS.get(c, {lang})]
        per_run = max(1, per_language // (len(sets) * len(classes)))
        for set_name in sets:
            pool = questions[set_name]
            for cls in classes:
                rng = random.Random(f"{seed}/{set_name}/{cls}")
                chosen = rng.sample(pool, min(per_run, len(pool)))
                chosen.sort(key=lambda q: q["template_id"])
                model = f"case-{cls}"
                for q in chosen:
                    prompt = prompt_for(q, prompts)
                    response, variant = make_response(cls, q, prompt, pool, rng)
                    rec = answer_record(q, model, prompt, response, rng)
                    yield rec, {"model": model, "instruction": "inst-4", "id": rec["id"], "key": rec["key"],
                                "case_class": cls, "variant": variant}
            if mixed:
                # A full-size run like a real model's: every question of the set, each with a response
                # of a random class. Its SEM-B is what the 0.2-point goal is about (in a class run of
                # 40 questions one disagreement moves SEM-B by 2.5 points).
                rng = random.Random(f"{seed}/{set_name}/mixed")
                for q in sorted(pool, key=lambda q: q["template_id"]):
                    cls = rng.choice(classes)
                    prompt = prompt_for(q, prompts)
                    response, variant = make_response(cls, q, prompt, pool, rng)
                    rec = answer_record(q, "case-mixed", prompt, response, rng)
                    yield rec, {"model": "case-mixed", "instruction": "inst-4", "id": rec["id"], "key": rec["key"],
                                "case_class": cls, "variant": variant}


def write_jsonl(path: str, rows) -> int:
    n = 0
    if path.endswith(".zst"):
        tmp = path + ".tmp"
        with subprocess.Popen(["zstd", "-q", "-3", "-f", "-o", tmp], stdin=subprocess.PIPE) as z:
            for row in rows:
                z.stdin.write((json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode())
                n += 1
            z.stdin.close()
        if z.returncode:
            sys.exit("make_cases: zstd failed")
        os.replace(tmp, path)
    else:
        with open(path + ".tmp", "w", encoding="utf-8", newline="\n") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
                n += 1
        os.replace(path + ".tmp", path)
    return n


def side_path(out: str) -> str:
    base = out[:-4] if out.endswith(".zst") else out
    base = base[:-6] if base.endswith(".jsonl") else base
    return base + ".classes.jsonl"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=str(HERE.parents[1] / ".build" / "release"))
    parser.add_argument("--blend-dir", default=default_dir("blend"))
    parser.add_argument("--dual-eval-dir", default=default_dir("dual-eval"))
    parser.add_argument("--out", help="answer records (.jsonl or .jsonl.zst); the side file goes beside it")
    parser.add_argument("--per-language", type=int, default=5000, help="about this many records per scorer language")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--langs", help="comma-separated language codes (default: all)")
    parser.add_argument("--no-mixed", action="store_true", help="leave out the full-size runs (model case-mixed)")
    parser.add_argument("--list-classes", action="store_true")
    args = parser.parse_args()
    if args.list_classes:
        for c in CLASSES:
            print(c, ",".join(sorted(CLASS_LANGS.get(c, LANG_HOME))))
        return
    if not args.out:
        parser.error("--out is required")
    questions = load_questions(args.bin, args.blend_dir, args.dual_eval_dir)
    prompts = read_prompts(args.blend_dir)
    langs = set(args.langs.split(",")) if args.langs else None
    pairs = list(build(questions, prompts, args.per_language, args.seed, langs, mixed=not args.no_mixed))
    n = write_jsonl(args.out, (r for r, _ in pairs))
    write_jsonl(side_path(args.out), (s for _, s in pairs))
    print(f"make_cases: {n} answer records in {args.out}, classes in {side_path(args.out)}"
          f" (skipped {', '.join(f'{k}: {v}' for k, v in SKIPPED_SETS.items())})", file=sys.stderr)


if __name__ == "__main__":
    main()
