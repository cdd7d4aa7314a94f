#!/usr/bin/env python3
"""Golden fixtures for the Swift `probe` stage: key neurons of Gemma 3 270M, computed by PyTorch.

Run by developers only, when the fixture has to change; never by the build or CI. Writes
Tests/EngineTests/Fixtures/probe/gemma.json (see the README.md next to it).

For each of 12 (prompt, response) cases (BLEnD questions in English, Chinese, Korean and Spanish,
wrapped in the released inst-8 template of their language), one float32 forward pass of
transformers' Gemma3ForCausalLM (loaded from the GGUF, dequantized, eager attention) over
[BOS] + prompt + response captures two FFN signals per layer at the response positions:

  act    forward hook on layers[l].mlp.act_fn       = gelu_tanh(W_gate h)
  gated  forward pre-hook on layers[l].mlp.down_proj = gelu_tanh(W_gate h) * (W_up h)

and derives, per signal, the key neurons of the dual-eval paper's threshold functions
(shared/notes/dual-eval.md §3-§4): layer top-k (k = 1, 5, 10), layer top-score ratio r = 0.9,
global top-k (k = 50), plus per-layer top-20 records and the k-th / (k+1)-th values.
A float64 re-run of the same model checks that the fixture's sets do not hinge on float32 rounding.

Usage: scripts/probe-fixtures.py [--model PATH] [--out FILE] [--threads N]
Needs the venv made by scripts/engine-fixtures.py (${XDG_CACHE_HOME:-$HOME/.cache}/dualeval/fixture-venv);
the script re-executes itself there.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
from reference_env import CACHE, sha256_file  # noqa: E402
import reference_env  # noqa: E402
DEFAULT_MODEL = CACHE / "models" / "gemma-3-270m-q4_k_m.gguf"
DEFAULT_OUT = REPO / "Tests" / "EngineTests" / "Fixtures" / "probe" / "gemma.json"

LAYER_TOP_K = (1, 5, 10)
RATIO = 0.9
GLOBAL_K = 50
TOP_RECORDS = 20
NEAR_TIE = 1e-3  # relative gap (k-th - (k+1)-th) / max|a| of the layer below which a layer is listed as a near-tie

# The released inst-8 templates (shared/dual-eval/inst8_prompts.csv, byte-exact; `English` column
# of US_prompts.csv and `Translation` column of the country files). Note the space before "\n\n"
# in the English one.
TEMPLATES = {
    "en": "Read the following question and return only ONE answer in a single word or an unbroken "
          "phrase, avoiding splitting any proper nouns or named entities. \n\nQuestion: {q}\nAnswer:",
    "zh": "阅读以下问题，并仅用一个单词或一个不间断的短语返回一个答案，避免拆分任何专有名词或命名实体。"
          "\n\n问题：{q}\n答案：",
    "ko": "다음 질문을 읽고 고유 명사나 명명된 개체를 나누지 않고 한 단어 또는 끊기지 않은 구로 단 하나의 "
          "답변만을 제공하시오.\n\n질문: {q}\n답변:",
    "es": "Lee la siguiente pregunta y devuelve solo UNA respuesta en una sola palabra o una frase sin "
          "dividir ningún nombre propio o entidad nombrada.\n\nPregunta: {q}\nRespuesta:",
}
TEMPLATE_SOURCES = {"en": "US_prompts.csv", "zh": "China_prompts.csv",
                    "ko": "South_Korea_prompts.csv", "es": "Spain_prompts.csv"}

# BLEnD questions (data/questions/{country}_questions.csv, column "Question" = local-language text).
QUESTIONS = {
    ("US", "Al-en-01"): "What is a common snack for preschool kids in the US?",
    ("US", "Al-en-02"): "What is a popular food to go with beer in the US?",
    ("US", "Al-en-04"): "What is the most popular fruit in the US?",
    ("China", "Al-en-02"): "在中国，有什么受欢迎的食物可以搭配啤酒吃？",
    ("China", "Al-en-04"): "在中国最受欢迎的水果是什么？",
    ("China", "Al-en-06"): "在中国的学校食堂里常见的食物是什么？",
    ("South_Korea", "Al-en-01"): "대한민국의 유치원생들이 흔히 먹는 간식은 무엇인가요?",
    ("South_Korea", "Al-en-02"): "대한민국에서 맥주와 함께 즐겨먹는 음식은 무엇인가요?",
    ("South_Korea", "Al-en-06"): "대한민국 학교 급식에서 흔히 볼 수 있는 음식은 무엇인가요?",
    ("Spain", "Al-en-02"): "¿Cuál es una comida popular para acompañar la cerveza en España?",
    ("Spain", "Al-en-04"): "¿Cuál es la fruta más popular en España?",
    ("Spain", "Al-en-06"): "¿Cuál es una comida común en las cafeterías escolares de España?",
}

# (name, language, country, question id, response)
CASES = [
    ("en_beer_pizza", "en", "US", "Al-en-02", " Pizza"),                          # single token
    ("en_snack_goldfish", "en", "US", "Al-en-01", " Goldfish crackers"),
    ("en_fruit_long", "en", "US", "Al-en-04", " Apples and bananas from the grocery store"),
    ("zh_cafeteria_jiaozi", "zh", "China", "Al-en-06", " 饺子"),
    ("zh_fruit_apple", "zh", "China", "Al-en-04", " 苹果"),
    ("zh_beer_long", "zh", "China", "Al-en-02", " 烤串、花生米和小龙虾"),
    ("ko_cafeteria_kimchi", "ko", "South_Korea", "Al-en-06", " 김치"),
    ("ko_beer_chicken", "ko", "South_Korea", "Al-en-02", " 치킨"),
    ("ko_snack_long", "ko", "South_Korea", "Al-en-01", " 떡볶이와 김밥"),
    ("es_cafeteria_paella", "es", "Spain", "Al-en-06", " Paella"),
    ("es_beer_tapas", "es", "Spain", "Al-en-02", " Tapas"),
    ("es_fruit_long", "es", "Spain", "Al-en-04", " La naranja valenciana, sobre todo en invierno"),
]


def log(*a):
    print("probe-fixtures:", *a, file=sys.stderr, flush=True)


def check_sources() -> list[str]:
    """Compares the embedded questions and templates with ../shared (when present)."""
    import csv
    notes = []
    qdir = REPO.parent / "shared" / "blend" / "data" / "questions"
    if qdir.is_dir():
        for (country, qid), text in QUESTIONS.items():
            with (qdir / f"{country}_questions.csv").open(encoding="utf-8", newline="") as f:
                row = next(r for r in csv.DictReader(f) if r["ID"] == qid)
            assert row["Question"] == text, (country, qid, row["Question"], text)
        notes.append("questions checked against ../shared/blend/data/questions")
    tfile = REPO.parent / "shared" / "dual-eval" / "inst8_prompts.csv"
    if tfile.is_file():
        with tfile.open(encoding="utf-8", newline="") as f:
            rows = {r["source_file"]: r for r in csv.DictReader(f)}
        for lang, src in TEMPLATES.items():
            col = "English" if lang == "en" else "Translation"
            assert rows[TEMPLATE_SOURCES[lang]][col] == src, (lang, rows[TEMPLATE_SOURCES[lang]][col])
        notes.append("templates checked against ../shared/dual-eval/inst8_prompts.csv")
    return notes


# ----------------------------------------------------------------------------------------------
# threshold functions (numpy; a = [n_layers][n_resp][d_ff])

def desc_order(v):
    """Indices of v in descending value order, ties by smaller index first."""
    import numpy as np
    return np.argsort(-v, kind="stable")


def probe(a, fmt) -> dict:
    """All fixture quantities of one signal. fmt turns a float32 value into its JSON number."""
    import numpy as np
    n_layers, n_resp, d_ff = a.shape
    colmax = a.max(axis=1)  # [layer][d_ff]: max over the response rows
    layer_top_k = {str(k): [] for k in LAYER_TOP_K}
    kth_values = {str(k): [] for k in LAYER_TOP_K}
    top20, ratio = [], []
    ratio_margin, near = [], []
    for l in range(n_layers):
        flat = a[l].reshape(-1)  # flattened index = pos * d_ff + neuron
        order = desc_order(flat)
        sv = flat[order]
        for k in LAYER_TOP_K:
            t = sv[k - 1]
            keys = np.nonzero(colmax[l] >= t)[0]
            # the released variant (first k records collapsed to neuron ids) agrees unless sv[k-1] == sv[k]
            alt = sorted({int(i % d_ff) for i in order[:k]})
            if sv[k - 1] != sv[k]:
                assert alt == [int(j) for j in keys], (l, k, alt, keys)
            layer_top_k[str(k)].append([int(j) for j in keys])
            scale = float(np.max(np.abs(flat)))
            rel_gap = (float(sv[k - 1]) - float(sv[k])) / scale
            if rel_gap < NEAR_TIE:
                # would swapping the k-th and (k+1)-th records change the key set?
                swapped = sorted({int(i % d_ff) for i in order[:k - 1]} | {int(order[k] % d_ff)})
                near.append({"k": k, "layer": l, "gap": float(sv[k - 1]) - float(sv[k]),
                             "relative_gap": rel_gap, "set_changes_if_swapped": swapped != alt})
            kth_values[str(k)].append([fmt(sv[k - 1]), fmt(sv[k])])
        top20.append([[int(i // d_ff), int(i % d_ff), fmt(flat[i])] for i in order[:TOP_RECORDS]])
        m = sv[0]
        assert m > 0, f"layer {l}: max {m} <= 0, the ratio rule would be degenerate"
        thr = np.float32(RATIO) * m  # float32 product, as a float32 engine would form it
        keys = np.nonzero(colmax[l] >= thr)[0]
        thr64 = RATIO * float(m)
        keys64 = np.nonzero(colmax[l].astype(np.float64) >= thr64)[0]
        assert np.array_equal(keys, keys64), (l, keys, keys64)
        ratio.append([int(j) for j in keys])
        # relative distance of the nearest column max to the threshold (from either side)
        ratio_margin.append(float(np.min(np.abs(colmax[l].astype(np.float64) - thr64)) / float(m)))
    # global top-k: every (layer, pos, neuron) record pooled, descending value, ties by
    # (layer, pos, neuron) ascending; the first GLOBAL_K records collapsed to (layer, neuron)
    pooled = a.reshape(-1)  # flattened index = (layer * n_resp + pos) * d_ff + neuron
    gorder = desc_order(pooled)
    first = gorder[:GLOBAL_K]
    pairs = sorted({(int(i // (n_resp * d_ff)), int(i % d_ff)) for i in first})
    gv = pooled[gorder[GLOBAL_K - 1]], pooled[gorder[GLOBAL_K]]
    return {
        "layer_top_k": layer_top_k,
        "kth_values": kth_values,
        "top20": top20,
        f"ratio_{RATIO}": ratio,
        f"global_top_k_{GLOBAL_K}": [list(p) for p in pairs],
        f"global_top_k_{GLOBAL_K}_records": [[int(i // (n_resp * d_ff)), int((i // d_ff) % n_resp),
                                              int(i % d_ff), fmt(pooled[i])] for i in first],
        f"global_kth_values_{GLOBAL_K}": [fmt(gv[0]), fmt(gv[1])],
        f"global_next_record_{GLOBAL_K + 1}": [int(gorder[GLOBAL_K] // (n_resp * d_ff)),
                                               int((gorder[GLOBAL_K] // d_ff) % n_resp),
                                               int(gorder[GLOBAL_K] % d_ff), fmt(gv[1])],
        f"_global_swap_changes": pairs != sorted(
            {(int(i // (n_resp * d_ff)), int(i % d_ff)) for i in gorder[:GLOBAL_K - 1]}
            | {(int(gorder[GLOBAL_K] // (n_resp * d_ff)), int(gorder[GLOBAL_K] % d_ff))}),
        "_ratio_margin": ratio_margin,  # stripped before writing; summarized in the summary
        "_near": near,                  # likewise
    }


def capture(model, ids: list[int], positions: list[int]):
    import torch
    acts, gated, hooks = [], [], []
    for layer in model.model.layers:
        hooks.append(layer.mlp.act_fn.register_forward_hook(
            lambda mod, inp, outp: acts.append(outp[0, positions, :].detach().clone())))
        hooks.append(layer.mlp.down_proj.register_forward_pre_hook(
            lambda mod, inp: gated.append(inp[0][0, positions, :].detach().clone())))
    try:
        with torch.no_grad():
            x = torch.tensor([ids], dtype=torch.long)
            model(input_ids=x, attention_mask=torch.ones_like(x), use_cache=False)
    finally:
        for h in hooks:
            h.remove()
    n = len(model.model.layers)
    assert len(acts) == n and len(gated) == n, (len(acts), len(gated))
    return torch.stack(acts).numpy(), torch.stack(gated).numpy()


def compact_dumps(obj, indent=1, inline=1000, _depth=0) -> str:
    """JSON with objects indented, and a list on one line when it holds only scalars or its compact
    text is at most `inline` characters (else one element per line)."""
    pad = " " * (indent * (_depth + 1))
    end = " " * (indent * _depth)
    flat = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    if isinstance(obj, dict) and obj:
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {compact_dumps(v, indent, inline, _depth + 1)}"
                 for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + end + "}"
    if (isinstance(obj, list) and len(flat) > inline
            and any(isinstance(v, (dict, list)) for v in obj)):
        items = [pad + compact_dumps(v, indent, inline, _depth + 1) for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + end + "]"
    return flat


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=str(DEFAULT_MODEL))
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--no-venv", action="store_true")
    args = ap.parse_args(argv)
    if not args.no_venv:
        reference_env.enter_venv(__file__, argv)

    import numpy as np
    import torch
    from llama_cpp import Llama
    from transformers import AutoModelForCausalLM

    torch.set_num_threads(args.threads)
    path = Path(args.model).resolve()
    notes = check_sources()
    for n in notes:
        log(n)

    tok = Llama(model_path=str(path), vocab_only=True, verbose=False)
    model = AutoModelForCausalLM.from_pretrained(str(path.parent), gguf_file=path.name, dtype=torch.float32,
                                                 attn_implementation="eager")
    model.eval()
    cfg = model.config
    assert getattr(cfg, "_attn_implementation", None) == "eager"
    assert {str(p.dtype) for p in model.parameters()} == {"torch.float32"}
    n_layers, d_ff = cfg.num_hidden_layers, cfg.intermediate_size

    def f32(x) -> float:
        return float(np.float32(x))  # the float32 value, as a double (JSON round-trips it exactly)

    cases, raw = [], []
    for name, lang, country, qid, response in CASES:
        prompt = TEMPLATES[lang].format(q=QUESTIONS[(country, qid)])
        prompt_ids = [int(i) for i in tok.tokenize(prompt.encode("utf-8"), add_bos=True, special=False)]
        response_ids = [int(i) for i in tok.tokenize(response.encode("utf-8"), add_bos=False, special=False)]
        assert prompt_ids[0] == cfg.bos_token_id and cfg.bos_token_id not in prompt_ids[1:]
        assert cfg.bos_token_id not in response_ids and cfg.eos_token_id not in response_ids
        ids = prompt_ids + response_ids
        n_prompt, n_resp = len(prompt_ids), len(response_ids)
        positions = list(range(n_prompt, n_prompt + n_resp))
        act, gated = capture(model, ids, positions)
        assert act.dtype == np.float32 and act.shape == (n_layers, n_resp, d_ff) and gated.shape == act.shape
        raw.append((act, gated))
        signals = {"act": probe(act, f32), "gated": probe(gated, f32)}
        cases.append({
            "name": name, "language": lang, "blend": {"country": country, "id": qid,
                                                      "question": QUESTIONS[(country, qid)]},
            "template": f"inst-8 ({TEMPLATE_SOURCES[lang]})",
            "prompt": prompt, "response": response,
            "prompt_ids": prompt_ids, "response_ids": response_ids,
            "n_prompt": n_prompt, "n_resp": n_resp,
            "signals": signals,
        })
        log(f"{name}: n_prompt={n_prompt} n_resp={n_resp}")

    # float64 re-run: do the fixture's sets survive a change of float rounding?
    model = model.double()
    fp64 = []
    for case, (a32, g32) in zip(cases, raw):
        positions = list(range(case["n_prompt"], case["n_prompt"] + case["n_resp"]))
        a64, g64 = capture(model, case["prompt_ids"] + case["response_ids"], positions)
        entry = {}
        for sig, x32, x64 in (("act", a32, a64), ("gated", g32, g64)):
            p64 = probe(x64, float)
            p32 = case["signals"][sig]
            same = {f"layer_top_k_{k}": p64["layer_top_k"][k] == p32["layer_top_k"][k]
                    for k in p32["layer_top_k"]}
            same[f"ratio_{RATIO}"] = p64[f"ratio_{RATIO}"] == p32[f"ratio_{RATIO}"]
            same[f"global_top_k_{GLOBAL_K}"] = p64[f"global_top_k_{GLOBAL_K}"] == p32[f"global_top_k_{GLOBAL_K}"]
            entry[sig] = {"max_abs_diff": float(np.max(np.abs(x32.astype(np.float64) - x64))),
                          "max_abs": float(np.max(np.abs(x64))),
                          "sets_equal": same}
        case["fp64_check"] = entry
        fp64.append(entry)

    # per-case stats, then drop the helper field
    summary = {}
    for sig in ("act", "gated"):
        s = {}
        for k in LAYER_TOP_K:
            gaps = []
            for c in cases:
                for l, (kth, nxt) in enumerate(c["signals"][sig]["kth_values"][str(k)]):
                    gaps.append((kth - nxt, c["name"], l))
            g = min(gaps)
            s[f"min_gap_k{k}"] = {"gap": g[0], "case": g[1], "layer": g[2],
                                  "n_gaps_below_1e-4": sum(1 for x in gaps if x[0] < 1e-4),
                                  "n_exact_ties": sum(1 for x in gaps if x[0] == 0)}
        gg = min((c["signals"][sig][f"global_kth_values_{GLOBAL_K}"][0]
                  - c["signals"][sig][f"global_kth_values_{GLOBAL_K}"][1], c["name"]) for c in cases)
        gcase = next(c for c in cases if c["name"] == gg[1])
        s[f"min_gap_global_k{GLOBAL_K}"] = {
            "gap": gg[0], "case": gg[1],
            "set_changes_if_swapped": gcase["signals"][sig][f"_global_swap_changes"]}
        rm = min((min(c["signals"][sig]["_ratio_margin"]), c["name"]) for c in cases)
        s[f"min_relative_margin_ratio_{RATIO}"] = {"margin": rm[0], "case": rm[1],
                                                   "what": "min over layers of min_j |colmax_j - r*max| / max"}
        s["near_ties"] = {
            "what": f"layer top-k (k in {list(LAYER_TOP_K)}) layers whose gap / max|a| over the layer's response "
                    f"rows is below {NEAR_TIE} (ForwardTests accepts a relative activation error up to 1e-4); "
                    "set_changes_if_swapped: whether the key set differs if the k-th and (k+1)-th records trade places",
            "entries": [{"case": c["name"], **e} for c in cases for e in c["signals"][sig]["_near"]]}
        s["fp64_sets_all_equal"] = all(all(e[sig]["sets_equal"].values()) for e in fp64)
        s["fp64_max_abs_diff"] = max(e[sig]["max_abs_diff"] for e in fp64)
        summary[sig] = s
    for c in cases:
        for sig in ("act", "gated"):
            c["signals"][sig].pop("_ratio_margin")
            c["signals"][sig].pop("_near")
            c["signals"][sig].pop("_global_swap_changes")

    doc = {
        "model": path.name,
        "sha256": sha256_file(path),
        "versions": reference_env.versions(("gguf", "numpy", "torch", "transformers", "llama_cpp_python")),
        "n_layers": n_layers, "d_ff": d_ff,
        "method": (
            "transformers AutoModelForCausalLM.from_pretrained(models_dir, gguf_file=FILE, dtype=float32, "
            "attn_implementation='eager') (every GGUF tensor dequantized to float32), torch.set_num_threads("
            f"{args.threads}), one forward pass over ids = prompt_ids + response_ids with an all-ones attention "
            "mask and use_cache=False. prompt_ids = llama-cpp-python Llama(vocab_only=True).tokenize(prompt, "
            "add_bos=True, special=False) (BOS included, single BOS); response_ids = tokenize(response, "
            "add_bos=False, special=False); no EOS. Rows = positions n_prompt ..< n_prompt + n_resp (input token "
            "is a response token). act = forward hook on layers[l].mlp.act_fn (gelu_tanh(W_gate h)); gated = "
            "forward pre-hook on layers[l].mlp.down_proj (gelu_tanh(W_gate h) * W_up h). Values kept in float32 "
            "(no fp16 cast); JSON numbers are those float32 values written as doubles (exact)."),
        "conventions": {
            "flattened_index": "per layer, record index = pos * d_ff + neuron, pos = offset in the response (0-based)",
            "order": "descending value, ties by smaller flattened index first (global: by (layer, pos, neuron))",
            "layer_top_k": "per layer, t = the k-th element of the descending sort of the n_resp*d_ff values "
                           "(duplicates counted); keys = ascending neuron ids j with max_pos a[pos, j] >= t",
            "kth_values": "per layer [k-th, (k+1)-th] values of that sort; gap = k-th - (k+1)-th; a gap of 0 "
                          "means the first-k-records-collapsed variant could differ (none here unless stats say so)",
            "top20": "per layer the first 20 records of that sort as [pos, neuron, value]",
            f"ratio_{RATIO}": f"per layer ascending neuron ids j with max_pos a[pos, j] >= float32({RATIO}) * "
                              "float32 layer max (same sets with the threshold in float64)",
            f"global_top_k_{GLOBAL_K}": f"all (layer, pos, neuron) records pooled, sorted descending (ties by "
                                        f"(layer, pos, neuron)); the first {GLOBAL_K} records are collapsed to "
                                        "distinct (layer, neuron) pairs, sorted ascending: usually fewer than "
                                        f"{GLOBAL_K} pairs when n_resp > 1. The released code's limit of 1000 "
                                        "stored records per layer does not matter for k <= 1000.",
            f"global_top_k_{GLOBAL_K}_records": "those first records as [layer, pos, neuron, value]",
            f"global_kth_values_{GLOBAL_K}": f"the {GLOBAL_K}th and {GLOBAL_K + 1}st pooled values",
            f"global_next_record_{GLOBAL_K + 1}": f"the {GLOBAL_K + 1}st pooled record [layer, pos, neuron, value]",
            "fp64_check": "the same model cast to float64: max |float32 - float64| of the signal and whether every "
                          "set (layer top-k, ratio, global) is the same as in float32",
        },
        "summary": summary,
        "sources": notes,
        "cases": cases,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(compact_dumps(doc) + "\n", encoding="utf-8")
    tmp.replace(out)
    log(f"wrote {out} ({out.stat().st_size} bytes)")
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
