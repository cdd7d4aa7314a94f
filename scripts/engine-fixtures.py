#!/usr/bin/env python3
"""Regenerates the golden fixtures of the Swift engine's tests (Tests/EngineTests/Fixtures).

Run by developers only, when a fixture has to change; never by the build or CI. The script makes
its own venv (${XDG_CACHE_HOME:-$HOME/.cache}/dualeval/fixture-venv) from
scripts/engine-fixtures-requirements.txt, re-runs itself there, takes the two embedded models
from scripts/install-models.sh and writes, for each model (gemma, smollm2):

  <model>/metadata.json  every GGUF metadata key (arrays longer than 16 summarized)
  <model>/tensors.json   every tensor: name, ggml type, ne, offsets, size
  <model>/tokens.jsonl   llama.cpp's (llama-cpp-python) and transformers' tokenizations of a
                         multilingual corpus
  <model>/forward/       last-position logits, per-layer FFN activations and gated products,
                         greedy generations, computed in float32 by PyTorch transformers from the
                         GGUF (dequantized), with manifest.json
and dequant.json (one row per ggml type present, dequantized with gguf.quants.dequantize).

Usage: scripts/engine-fixtures.py [--models-dir DIR] [--out DIR] [--only PART ...] [--no-venv]
  PART: metadata tokens forward dequant (default: all)
Needs: python3 with venv, cmake and g++ (llama-cpp-python builds llama.cpp), network to PyPI.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REQUIREMENTS = REPO / "scripts" / "engine-fixtures-requirements.txt"
from reference_env import CACHE, sha256_file, write_json  # noqa: E402
import reference_env  # noqa: E402

MODELS = {
    "gemma": "gemma-3-270m-q4_k_m.gguf",
    "smollm2": "SmolLM2-135M-Instruct.Q4_1.gguf",
}

PARTS = ("metadata", "tokens", "forward", "dequant")


# ----------------------------------------------------------------------------------------------
# venv bootstrap (standard library only)

def log(*a):
    print("engine-fixtures:", *a, file=sys.stderr, flush=True)


def blend_questions() -> list[tuple[str, str]]:
    """A few real BLEnD questions (local language and English), from ../shared/blend if present."""
    import csv
    out = []
    base = None
    for cand in (REPO.parent / "shared" / "blend", CACHE / "blend"):
        if (cand / "data" / "questions").is_dir():
            base = cand / "data" / "questions"
            break
    if base is None:
        log("BLEnD not found (../shared/blend or cache): using built-in questions only")
        return out
    for country, row in (("China", 0), ("South_Korea", 0), ("Spain", 2), ("Indonesia", 0),
                         ("Iran", 0), ("West_Java", 0), ("US", 0)):
        path = base / f"{country}_questions.csv"
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        r = rows[row]
        out.append((f"blend:{country}:{r['ID']}:Question", r["Question"]))
        if country == "US" or r["Translation"] != r["Question"]:
            out.append((f"blend:{country}:{r['ID']}:Translation", r["Translation"]))
    # de-duplicate texts while keeping order
    seen, uniq = set(), []
    for k, t in out:
        if t not in seen:
            seen.add(t)
            uniq.append((k, t))
    return uniq


SPECIALS = {
    "gemma": ["<start_of_turn>user\nhi<end_of_turn>\n", "<bos>", "<bos>hello<eos>",
              "<start_of_turn>model\n"],
    "smollm2": ["<|im_start|>user\nhi<|im_end|>\n", "<|endoftext|>", "<|im_start|>assistant\n"],
}

CORPUS = [
    # English
    ("en", "Hello world"),
    ("en", "The quick brown fox jumps over the lazy dog."),
    ("en", "What is a common snack for preschool kids in the US?"),
    ("en", "Read the following question and provide a single answer without any explanations."),
    # Chinese
    ("zh", "你好，世界！"),
    ("zh", "美国学龄前儿童常吃的零食是什么？"),
    ("zh", "北京大学生前来应聘，研究生命的起源。"),
    # Spanish
    ("es", "¿Cuál es el deporte más popular en España?"),
    ("es", "El niño comió piña y jalapeños por la mañana; ¡qué día!"),
    ("es", "Ñandú, pingüino, acción, Á É Í Ó Ú ü"),
    # Indonesian
    ("id", "Apa makanan ringan yang umum untuk anak prasekolah di Indonesia?"),
    ("id", "Saya suka makan nasi goreng di pagi hari."),
    # Korean
    ("ko", "안녕하세요, 세계!"),
    ("ko", "한국에서 가장 인기 있는 스포츠는 무엇입니까?"),
    # Persian (ZWNJ U+200C inside words)
    ("fa", "می\u200cخواهم"),
    ("fa", "بزرگ\u200cترین کتاب\u200cها در کتابخانه\u200cی ملی ایران است."),
    # Sundanese
    ("su", "Naon kadaharan anu kasohor di Jawa Barat?"),
    ("su", "Wilujeng énjing, kumaha damang?"),
    # whitespace
    ("ws", ""),
    ("ws", " "),
    ("ws", "  "),
    ("ws", " hello"),
    ("ws", "hello "),
    ("ws", "  leading and trailing  "),
    ("ws", "hello  world"),
    ("ws", "a   b    c"),
    ("ws", "\t"),
    ("ws", "tab\tseparated\tvalues"),
    ("ws", "\n"),
    ("ws", "\n\n"),
    ("ws", "\n\n\n"),
    ("ws", " \n "),
    ("ws", "line one\nline two\n\nline four"),
    ("ws", "\u00a0non-breaking\u00a0space"),
    # emoji and rare Unicode
    ("emoji", "🙂"),
    ("emoji", "👍🏽"),
    ("emoji", "👨\u200d👩\u200d👧\u200d👦"),
    ("emoji", "I love it 🙂👍🏽!"),
    ("rare", "\u001c"),
    ("rare", "a\u001cb"),
    ("rare", "e\u0301 vs é"),
    ("rare", "Ω≈ç√∫µ≤≥÷ ∀x∈ℝ"),
    ("rare", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𐍈"),
    ("rare", "\ufeffBOM"),
    # digits
    ("num", "12345"),
    ("num", "3.14"),
    ("num", "1,000,000"),
    ("num", "1234567890123"),
    ("num", "2024-08-15 at 13:45"),
    # contractions
    ("contr", "don't"),
    ("contr", "I'M"),
    ("contr", "we'll"),
    ("contr", "She's sure they're here; I've seen what you'd do."),
    # punctuation
    ("punct", "!!!"),
    ("punct", "..."),
    ("punct", "?!?!"),
    ("punct", "---"),
    ("punct", "((([[[{{{"),
    ("punct", "Hello, world!!! How are you???"),
    ("code", "def f(x):\n    return x**2  # square"),
]


def corpus_for(model: str) -> list[tuple[str, str, list[bool]]]:
    """(category, text, parse_special values) for one model."""
    items = [(c, t, [False]) for c, t in CORPUS]
    items += [(c, t, [False]) for c, t in blend_questions()]
    for t in SPECIALS[model]:
        items.append(("special", t, [False, True]))
    for other, texts in SPECIALS.items():
        if other != model:  # the other model's markers are plain text here
            items.append(("special-other", texts[0], [False, True]))
    return items


# ----------------------------------------------------------------------------------------------
# helpers (venv only)

def versions() -> dict:
    out = reference_env.versions(("gguf", "numpy", "torch", "transformers", "accelerate", "tokenizers", "sentencepiece", "llama_cpp_python"))
    try:
        import llama_cpp
        out["llama_cpp_python_module"] = llama_cpp.__version__
    except Exception:  # noqa: BLE001
        pass
    return out


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def jsonable(v):
    import numpy as np
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, (bytes, bytearray)):
        return v.decode("utf-8", errors="replace")
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    return v


# ----------------------------------------------------------------------------------------------
# metadata.json, tensors.json

def dump_metadata(model: str, path: Path, out: Path) -> dict:
    import gguf
    r = gguf.GGUFReader(str(path))
    meta = {}
    header = {}
    for key, field in r.fields.items():
        types = [t.name for t in field.types]
        value = jsonable(field.contents())
        if key.startswith("GGUF."):
            header[key] = value
            continue
        entry = {"type": types[0] if len(types) == 1 else f"{types[0]}[{types[1]}]"}
        if isinstance(value, list) and len(value) > 16:
            entry["length"] = len(value)
            entry["first_16"] = value[:16]
        else:
            entry["value"] = value
        meta[key] = entry
    write_json(out / model / "metadata.json", {
        "file": path.name, "sha256": sha256_file(path), "size": path.stat().st_size,
        "header": header, "data_offset": int(r.data_offset),
        "alignment": int(r.alignment) if hasattr(r, "alignment") else None,
        "note": "arrays longer than 16 elements are given by length and first_16",
        "metadata": meta,
    })
    tensors = []
    for t in r.tensors:
        tensors.append({
            "name": t.name, "type": t.tensor_type.name,
            "ne": [int(x) for x in t.shape],
            "offset": int(t.data_offset) - int(r.data_offset),
            "file_offset": int(t.data_offset),
            "n_bytes": int(t.n_bytes),
        })
    write_json(out / model / "tensors.json", {
        "file": path.name, "data_offset": int(r.data_offset),
        "note": "offset is relative to the start of the tensor data section (as stored in the GGUF "
                "tensor info); file_offset = data_offset + offset; ne is ggml order (ne[0] = row length)",
        "tensors": tensors,
    }, indent=None)
    return {"reader": r, "meta": meta}


# ----------------------------------------------------------------------------------------------
# tokens.jsonl

def hf_tokenizer(path: Path):
    from transformers import AutoTokenizer
    try:
        return AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name), None
    except Exception as e:  # noqa: BLE001
        return None, f"{type(e).__name__}: {e}"


def hf_encode(tok, text: str, add_bos: bool, parse_special: bool):
    # transformers' own notion: add_special_tokens=add_bos (whatever its post-processor adds),
    # split_special_tokens = not parse_special
    enc = tok(text, add_special_tokens=add_bos, split_special_tokens=not parse_special)
    return list(enc["input_ids"])


def make_tokens(model: str, path: Path, out: Path) -> dict:
    from llama_cpp import Llama
    llm = Llama(model_path=str(path), vocab_only=True, verbose=False)
    tok, tok_err = hf_tokenizer(path)
    lines, diffs = [], []
    for cat, text, specials in corpus_for(model):
        for parse_special in specials:
            for add_bos in (True, False):
                ids = llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=parse_special)
                ids_tf = None
                if tok is not None:
                    try:
                        ids_tf = hf_encode(tok, text, add_bos, parse_special)
                    except Exception as e:  # noqa: BLE001
                        tok_err = tok_err or f"{type(e).__name__}: {e}"
                lines.append({"text": text, "add_bos": add_bos, "parse_special": parse_special,
                              "ids": [int(i) for i in ids], "ids_transformers": ids_tf,
                              "category": cat})
                if ids_tf is not None and ids_tf != list(ids):
                    diffs.append({"text": text, "add_bos": add_bos, "parse_special": parse_special,
                                  "ids": [int(i) for i in ids], "ids_transformers": ids_tf})
    p = out / model / "tokens.jsonl"
    tmp = p.with_suffix(".jsonl.tmp")
    p.parent.mkdir(parents=True, exist_ok=True)
    with tmp.open("w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    tmp.replace(p)
    summary = {"lines": len(lines), "texts": len({l["text"] for l in lines}),
               "transformers_tokenizer_error": tok_err,
               "transformers_tokenizer_class": type(tok).__name__ if tok is not None else None,
               "n_differences": len(diffs), "differences": diffs}
    summary = {"file": path.name, "versions": versions(),
               "method": "ids = llama-cpp-python Llama(model_path, vocab_only=True).tokenize("
                         "text.encode('utf-8'), add_bos=add_bos, special=parse_special); "
                         "ids_transformers = AutoTokenizer.from_pretrained(dir, gguf_file=FILE)(text, "
                         "add_special_tokens=add_bos, split_special_tokens=not parse_special).input_ids "
                         "(null when transformers fails)", **summary}
    write_json(out / model / "tokens.manifest.json", summary)
    log(f"{model}: tokens.jsonl {len(lines)} lines, {len(diffs)} differ from transformers")
    return summary


# ----------------------------------------------------------------------------------------------
# forward/

PROMPTS = [
    ("en", "Read the following question and provide a single answer without any explanations.\n\n"
           "Question: What is a common snack for preschool kids in the US?\nAnswer:"),
    ("zh", "阅读以下问题，只给出一个答案，不要任何解释。\n\n问题：美国学龄前儿童常吃的零食是什么？\n答案："),
    ("ko", "다음 질문을 읽고 설명 없이 하나의 답만 제시하세요.\n\n질문: 미국 유치원생들이 흔히 먹는 간식은 무엇입니까?\n답:"),
]

SPARSE_TOPK = 64
SPARSE_SAMPLES = 512
SPARSE_SEED = 20250601
FULL_LOGITS_BUDGET = 8 * 1024 * 1024  # bytes, all models together


def load_hf_model(path: Path):
    import torch
    from transformers import AutoModelForCausalLM
    kw = dict(gguf_file=path.name, attn_implementation="eager")
    try:
        m = AutoModelForCausalLM.from_pretrained(str(path.parent), dtype=torch.float32, **kw)
    except TypeError:
        m = AutoModelForCausalLM.from_pretrained(str(path.parent), torch_dtype=torch.float32, **kw)
    m.eval()
    return m


def verify_hf_model(model, reader, arch: str) -> dict:
    """Checks that every parameter is float32 and that a few weights equal gguf's dequantization."""
    import numpy as np
    import torch
    from gguf.quants import dequantize
    dtypes = sorted({str(p.dtype) for p in model.parameters()})
    by_name = {t.name: t for t in reader.tensors}
    checks = []
    layers = model.model.layers
    pairs = [("blk.0.ffn_gate.weight", layers[0].mlp.gate_proj.weight, 0.0),
             ("blk.0.ffn_up.weight", layers[0].mlp.up_proj.weight, 0.0),
             ("blk.0.ffn_down.weight", layers[0].mlp.down_proj.weight, 0.0),
             ("blk.0.attn_v.weight", layers[0].self_attn.v_proj.weight, 0.0),
             ("token_embd.weight", model.model.embed_tokens.weight, 0.0)]
    if arch == "gemma3":  # transformers stores Gemma's RMSNorm weight w where llama.cpp stores 1 + w
        pairs.append(("blk.0.attn_norm.weight", layers[0].input_layernorm.weight, 1.0))
    else:
        pairs.append(("blk.0.attn_norm.weight", layers[0].input_layernorm.weight, 0.0))
    for gname, param, offset in pairs:
        t = by_name[gname]
        ref = dequantize(t.data, t.tensor_type).astype(np.float32)
        got = param.detach().cpu().numpy() + np.float32(offset)
        same_shape = list(ref.shape) == list(got.shape)
        checks.append({"gguf": gname, "type": t.tensor_type.name, "hf_shape": list(got.shape),
                       "equal": bool(same_shape and np.array_equal(ref, got)),
                       "max_abs_diff": float(np.max(np.abs(ref - got))) if same_shape else None,
                       "note": "compared as hf + 1 (Gemma norm convention)" if offset else None})
    return {"param_dtypes": dtypes, "weight_checks": checks,
            "lm_head_tied": bool(model.lm_head.weight.data_ptr() == model.model.embed_tokens.weight.data_ptr())}


def write_f32_copy(reader, dest: Path) -> None:
    """Writes a GGUF with the same metadata and every tensor dequantized to F32 (for the check
    that llama.cpp, run without any quantization, computes what transformers computes)."""
    import gguf
    import numpy as np
    from gguf.quants import dequantize
    arch = reader.fields["general.architecture"].contents()
    tmp = dest.with_suffix(".tmp")
    w = gguf.GGUFWriter(str(tmp), arch)
    for field in reader.fields.values():
        if field.name == "general.architecture" or field.name.startswith("GGUF."):
            continue
        vtype = field.types[0]
        sub = field.types[-1] if vtype == gguf.GGUFValueType.ARRAY else None
        val = field.contents()
        if field.name == "general.file_type":
            val = int(gguf.LlamaFileType.ALL_F32)
        w.add_key_value(field.name, val, vtype, sub_type=sub)
    for t in reader.tensors:
        w.add_tensor(t.name, np.ascontiguousarray(dequantize(t.data, t.tensor_type), dtype=np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    tmp.replace(dest)


def llamacpp_run(path: Path, ids: list[int], n_new: int, eos: set[int], f32_kv: bool = False):
    import numpy as np
    from llama_cpp import Llama
    kv = dict(type_k=0, type_v=0) if f32_kv else {}  # 0 = GGML_TYPE_F32 (default cache: F16)
    llm = Llama(model_path=str(path), n_ctx=512, n_batch=512, n_threads=2, n_threads_batch=2,
                logits_all=True, seed=0, flash_attn=False, verbose=False, **kv)
    llm.eval(ids)
    last = np.array(llm.scores[len(ids) - 1], dtype=np.float32, copy=True)
    llm.reset()
    gen = []
    for t in llm.generate(ids, temp=0.0, top_k=1, top_p=1.0, min_p=0.0, typical_p=1.0,
                          repeat_penalty=1.0, reset=True):
        gen.append(int(t))
        if int(t) in eos or len(gen) >= n_new:
            break
    del llm
    return last, gen


def make_forward(model_key: str, path: Path, out: Path, reader, full_logits: bool, vers: dict,
                 f32_check: bool) -> dict:
    import numpy as np
    import torch
    from llama_cpp import Llama

    fdir = out / model_key / "forward"
    fdir.mkdir(parents=True, exist_ok=True)
    arch = reader.fields["general.architecture"].contents()
    tok = Llama(model_path=str(path), vocab_only=True, verbose=False)
    model = load_hf_model(path)
    cfg = model.config
    verification = verify_hf_model(model, reader, arch)
    attn_impl = getattr(cfg, "_attn_implementation", None)
    assert attn_impl == "eager", f"attention implementation is {attn_impl}, expected eager"
    n_layers, d_ff, vocab = cfg.num_hidden_layers, cfg.intermediate_size, cfg.vocab_size
    eos = cfg.eos_token_id if isinstance(cfg.eos_token_id, list) else [cfg.eos_token_id]
    eos = {int(e) for e in eos if e is not None}

    f32_path = None
    if f32_check:
        f32_path = CACHE / "fixture-f32" / (path.stem + ".F32.gguf")
        f32_path.parent.mkdir(parents=True, exist_ok=True)
        log(f"{model_key}: writing an all-F32 copy {f32_path} for the llama.cpp F32 check")
        write_f32_copy(reader, f32_path)

    prompts = []
    for name, text in PROMPTS:
        ids = [int(i) for i in tok.tokenize(text.encode("utf-8"), add_bos=True, special=False)]
        n = len(ids)
        positions = [n - 2, n - 1]
        last, acts, gated = reference_env.forward_with_ffn_hooks(model, ids, positions)
        assert len(acts) == n_layers and len(gated) == n_layers, (len(acts), len(gated))
        logits = last.to(torch.float32).numpy()
        assert logits.shape == (vocab,), logits.shape
        act = torch.stack(acts).to(torch.float32).numpy()      # [layer][pos][d_ff]
        gat = torch.stack(gated).to(torch.float32).numpy()
        assert act.shape == (n_layers, 2, d_ff) and gat.shape == act.shape

        entry = {"name": name, "prompt": text, "ids": ids, "n_tokens": n,
                 "positions": positions}
        if full_logits:
            write_bytes(fdir / f"{name}.logits.f32", logits.astype("<f4").tobytes())
            entry["logits"] = {"file": f"{name}.logits.f32", "format": "full", "dtype": "float32-le",
                               "shape": [vocab], "position": n - 1}
        else:
            top = np.argsort(-logits, kind="stable")[:SPARSE_TOPK]
            rng = np.random.default_rng(SPARSE_SEED)
            idx = np.sort(rng.choice(vocab, size=SPARSE_SAMPLES, replace=False))
            entry["logits"] = {"format": "sparse", "position": n - 1,
                               "top": [[int(i), float(logits[i])] for i in top],
                               "samples": [[int(i), float(logits[i])] for i in idx],
                               "sample_rule": f"numpy default_rng({SPARSE_SEED}).choice({vocab}, "
                                              f"{SPARSE_SAMPLES}, replace=False), sorted"}
        write_bytes(fdir / f"{name}.act.f32", act.astype("<f4").tobytes())
        write_bytes(fdir / f"{name}.gated.f32", gat.astype("<f4").tobytes())
        entry["act"] = {"file": f"{name}.act.f32", "dtype": "float32-le",
                        "shape": [n_layers, 2, d_ff], "layout": "[layer][position][d_ff] row-major"}
        entry["gated"] = {"file": f"{name}.gated.f32", "dtype": "float32-le",
                          "shape": [n_layers, 2, d_ff], "layout": "[layer][position][d_ff] row-major"}
        top10 = np.argsort(-logits, kind="stable")[:10]
        entry["top10"] = [[int(i), float(logits[i])] for i in top10]
        entry["logits_stats"] = {"min": float(logits.min()), "max": float(logits.max()),
                                 "mean": float(logits.mean()), "sum_f64": float(logits.astype(np.float64).sum())}

        with torch.no_grad():
            x = torch.tensor([ids], dtype=torch.long)
            g = model.generate(input_ids=x, attention_mask=torch.ones_like(x), do_sample=False,
                               max_new_tokens=16, min_new_tokens=0, num_beams=1, top_k=None,
                               top_p=None, temperature=None, repetition_penalty=None,
                               eos_token_id=sorted(eos), pad_token_id=cfg.pad_token_id)
        gen = [int(t) for t in g[0, n:].tolist()]
        entry["generated_ids"] = gen
        entry["generated_text"] = tok.detokenize(gen).decode("utf-8", errors="replace")

        lc_logits, lc_gen = llamacpp_run(path, ids, 16, eos)
        entry["generated_ids_llamacpp"] = lc_gen
        entry["generated_text_llamacpp"] = tok.detokenize(lc_gen).decode("utf-8", errors="replace")
        common = 0
        for a, b in zip(gen, lc_gen):
            if a != b:
                break
            common += 1
        lc_top = np.argsort(-lc_logits, kind="stable")[:10]
        entry["llamacpp_comparison"] = {
            "generations_equal": gen == lc_gen,
            "common_prefix": common,
            "last_logits_max_abs_diff": float(np.max(np.abs(lc_logits - logits))),
            "last_logits_mean_abs_diff": float(np.mean(np.abs(lc_logits - logits))),
            "argmax_equal": int(lc_top[0]) == int(top10[0]),
            "llamacpp_top10": [[int(i), float(lc_logits[i])] for i in lc_top],
        }
        if f32_path is not None:
            f_logits, f_gen = llamacpp_run(f32_path, ids, 16, eos, f32_kv=True)
            f_common = 0
            for a, b in zip(gen, f_gen):
                if a != b:
                    break
                f_common += 1
            entry["llamacpp_f32_comparison"] = {
                "what": "llama.cpp on an all-F32 copy of the GGUF (weights dequantized with "
                        "gguf.quants.dequantize, F32 KV cache, no flash attention): no quantization "
                        "anywhere, so it should match transformers up to float32 rounding",
                "generated_ids": f_gen,
                "generations_equal": gen == f_gen,
                "common_prefix": f_common,
                "last_logits_max_abs_diff": float(np.max(np.abs(f_logits - logits))),
                "last_logits_mean_abs_diff": float(np.mean(np.abs(f_logits - logits))),
                "argmax_equal": int(np.argmax(f_logits)) == int(top10[0]),
            }
        prompts.append(entry)
        f32_msg = ""
        if f32_path is not None:
            f32_msg = (f", F32 llama.cpp: gen equal={entry['llamacpp_f32_comparison']['generations_equal']}, "
                       f"max|dlogit|={entry['llamacpp_f32_comparison']['last_logits_max_abs_diff']:.2e}")
        log(f"{model_key}/{name}: {n} ids, gen equal={gen == lc_gen}, "
            f"max|dlogit|={entry['llamacpp_comparison']['last_logits_max_abs_diff']:.4f}{f32_msg}")
    if f32_path is not None:
        f32_path.unlink(missing_ok=True)

    # float64 re-run of the same model: how far float32 rounding alone moves these numbers
    model = model.double()
    for entry in prompts:
        ids, positions = entry["ids"], entry["positions"]
        last, acts, gated = reference_env.forward_with_ffn_hooks(model, ids, positions)
        l64 = last.numpy()
        a64 = torch.stack(acts).numpy()
        g64 = torch.stack(gated).numpy()
        l32 = np.frombuffer((fdir / f"{entry['name']}.logits.f32").read_bytes(), dtype="<f4") \
            if entry["logits"]["format"] == "full" else None
        a32 = np.frombuffer((fdir / entry["act"]["file"]).read_bytes(), dtype="<f4").reshape(a64.shape)
        g32 = np.frombuffer((fdir / entry["gated"]["file"]).read_bytes(), dtype="<f4").reshape(g64.shape)
        entry["fp64_check"] = {
            "what": "the same transformers model cast to float64: differences of the float32 fixtures "
                    "from it (a floor for any float32 implementation's tolerance)",
            "logits_max_abs_diff": float(np.max(np.abs(l32 - l64))) if l32 is not None else None,
            "act_max_abs_diff": float(np.max(np.abs(a32 - a64))),
            "gated_max_abs_diff": float(np.max(np.abs(g32 - g64))),
            "act_max_abs": float(np.max(np.abs(a64))),
            "gated_max_abs": float(np.max(np.abs(g64))),
        }
        log(f"{model_key}/{entry['name']}: fp32 vs fp64: {entry['fp64_check']}")

    manifest = {
        "model": model_key, "file": path.name, "sha256": sha256_file(path),
        "architecture": arch, "hf_class": type(model).__name__,
        "attn_implementation": attn_impl,
        "n_layers": n_layers, "d_model": cfg.hidden_size, "d_ff": d_ff, "vocab_size": vocab,
        "activation": getattr(cfg, "hidden_activation", None) or getattr(cfg, "hidden_act", None),
        "eos_ids": sorted(eos),
        "hf_config": {k: v for k, v in cfg.to_dict().items()
                      if isinstance(v, (int, float, str, bool, list, dict, type(None)))},
        "versions": vers,
        "weights_verification": verification,
        "method": (
            "transformers AutoModelForCausalLM.from_pretrained(models_dir, gguf_file=FILE, "
            "dtype=torch.float32, attn_implementation='eager'): every GGUF tensor is dequantized with "
            "gguf.quants.dequantize to float32 (see weights_verification), and the whole forward pass "
            "runs in float32 on CPU. Input ids = llama.cpp's tokenization (llama-cpp-python "
            "Llama(vocab_only=True).tokenize(prompt, add_bos=True, special=False)) fed as they are "
            "(no second BOS; for SmolLM2 add_bos=True adds nothing because tokenizer.ggml.add_bos_token "
            "is false). logits = the last position's row. act = forward hook on layers[i].mlp.act_fn "
            "(act_fn(gate_proj(h))), gated = forward pre-hook on layers[i].mlp.down_proj "
            "(act_fn(gate_proj(h)) * up_proj(h)), both at the last two positions, h = the "
            "post-attention-norm hidden state. generated_ids = model.generate(do_sample=False, "
            "max_new_tokens=16), stopping early on an eos id. generated_ids_llamacpp = "
            "llama-cpp-python Llama(n_ctx=512, n_threads=2).generate(ids, temp=0, top_k=1, "
            "repeat_penalty=1) for 16 tokens or until an eos id; llamacpp_comparison compares "
            "llama.cpp's own last-position logits (quantized weights, logits_all=True) with these; "
            "llamacpp_f32_comparison does the same with llama.cpp on an all-F32 copy of the model."),
        "prompts": prompts,
    }
    write_json(fdir / "manifest.json", manifest)
    del model
    return manifest


# ----------------------------------------------------------------------------------------------
# dequant.json

DEQUANT_PICKS = [  # (model, tensor) per ggml type; the first one that exists with that type wins
    ("gemma", "output_norm.weight"),         # F32 (1-D: row 0)
    ("smollm2", "blk.0.ffn_gate.weight"),     # Q4_1
    ("gemma", "blk.0.ffn_gate.weight"),       # Q5_0
    ("gemma", "blk.0.attn_v.weight"),         # Q8_0
    ("gemma", "blk.0.attn_output.weight"),    # Q4_K
    ("gemma", "blk.0.ffn_down.weight"),       # Q6_K
    ("smollm2", "token_embd.weight"),         # Q8_0 again: the embedding the engine reads rows of
]


def make_dequant(readers: dict, out: Path) -> list:
    import numpy as np
    from gguf.quants import dequantize
    present = {}
    for model, r in readers.items():
        for t in r.tensors:
            present.setdefault(t.tensor_type.name, (model, t.name))
    picks, types_done = [], set()
    for model, name in DEQUANT_PICKS:
        r = readers.get(model)
        t = next((t for t in r.tensors if t.name == name), None) if r else None
        if t is None:
            continue
        if t.tensor_type.name in types_done and name != "token_embd.weight":
            continue
        picks.append((model, t))
        types_done.add(t.tensor_type.name)
    for typ, (model, name) in present.items():  # any type not covered above
        if typ not in types_done:
            picks.append((model, next(t for t in readers[model].tensors if t.name == name)))
            types_done.add(typ)
    entries = []
    for model, t in picks:
        ne = [int(x) for x in t.shape]
        n_rows = int(np.prod(ne[1:])) if len(ne) > 1 else 1
        row = n_rows // 2 if n_rows > 2 else (1 if n_rows == 2 else 0)
        data = t.data.reshape(n_rows, -1) if len(ne) > 1 else t.data.reshape(1, -1)
        deq = dequantize(data[row:row + 1], t.tensor_type).reshape(-1).astype(np.float32)
        assert deq.shape[0] == ne[0], (t.name, deq.shape, ne)
        raw_row = data[row].tobytes()
        # raw bytes covering the first 256 elements (whole blocks)
        import gguf
        bsize, tsize = gguf.GGML_QUANT_SIZES[t.tensor_type]
        n_first = min(256, ne[0])
        raw_first = raw_row[: (n_first // bsize) * tsize]
        row_bytes = len(raw_row)
        entries.append({
            "model": model, "tensor": t.name, "type": t.tensor_type.name, "ne": ne, "row": row,
            "row_bytes": row_bytes,
            "row_file_offset": int(t.data_offset) + row * row_bytes,
            "block_size": int(bsize), "type_size": int(tsize),
            "values": [float(v) for v in deq[:n_first]],
            "row_sum": float(deq.astype(np.float64).sum()),
            "raw_first_values_hex": raw_first.hex(),
        })
    write_json(out / "dequant.json", {
        "note": "values = first 256 dequantized floats (gguf.quants.dequantize) of row `row` of the "
                "tensor; row_sum = float64 sum of the whole dequantized row; raw_first_values_hex = "
                "the GGUF bytes of the blocks holding those values; row_file_offset = absolute offset "
                "of the row in the model file",
        "entries": entries}, indent=1)
    log(f"dequant.json: {[e['type'] for e in entries]}")
    return entries


# ----------------------------------------------------------------------------------------------

def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models-dir", help="directory with the two GGUF files (default: run scripts/install-models.sh)")
    ap.add_argument("--out", default=str(REPO / "Tests" / "EngineTests" / "Fixtures"))
    ap.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS))
    ap.add_argument("--models", nargs="+", choices=list(MODELS), default=list(MODELS))
    ap.add_argument("--no-venv", action="store_true", help="use the current interpreter as it is")
    ap.add_argument("--no-f32-check", action="store_true",
                    help="skip running llama.cpp on an all-F32 copy of each model (needs ~1.2 GB of disk)")
    args = ap.parse_args(argv)
    if not args.no_venv:
        reference_env.enter_venv(__file__, argv, REQUIREMENTS, log)

    import torch
    torch.set_num_threads(2)
    torch.manual_seed(0)

    if args.models_dir:
        paths = {k: Path(args.models_dir).resolve() / f for k, f in MODELS.items()}
    else:
        lines = subprocess.run(["bash", str(REPO / "scripts" / "install-models.sh")], check=True,
                               stdout=subprocess.PIPE, text=True).stdout.split()
        paths = {"gemma": Path(lines[0]), "smollm2": Path(lines[1])}
    for k, p in paths.items():
        if not p.is_file():
            sys.exit(f"engine-fixtures: missing model {p}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    vers = versions()
    log("versions:", vers)

    import gguf
    readers = {}
    summary = {"versions": vers, "models": {}}
    for k in MODELS:
        readers[k] = gguf.GGUFReader(str(paths[k]))
    for k in args.models:
        info = {"file": str(paths[k]), "sha256": sha256_file(paths[k])}
        if "metadata" in args.only:
            dump_metadata(k, paths[k], out)
        if "tokens" in args.only:
            t = make_tokens(k, paths[k], out)
            info["tokens"] = {x: t[x] for x in ("lines", "texts", "n_differences",
                                                 "transformers_tokenizer_error")}
        summary["models"][k] = info

    if "forward" in args.only:
        # full logits unless they would push the fixtures past the budget
        need = 0
        for k in args.models:
            r = readers[k]
            arch = r.fields["general.architecture"].contents()
            n_layers = int(r.fields[f"{arch}.block_count"].contents())
            d_ff = int(r.fields[f"{arch}.feed_forward_length"].contents())
            vocab = len(r.fields["tokenizer.ggml.tokens"].data)
            need += len(PROMPTS) * (vocab * 4 + 2 * n_layers * 2 * d_ff * 4)
        full = need <= FULL_LOGITS_BUDGET
        log(f"forward fixtures: {need} bytes projected -> {'full' if full else 'sparse'} logits")
        for k in args.models:
            m = make_forward(k, paths[k], out, readers[k], full, vers, not args.no_f32_check)
            summary["models"][k]["forward"] = [
                {"name": p["name"], "n_tokens": p["n_tokens"],
                 **{x: p["llamacpp_comparison"][x] for x in ("generations_equal", "common_prefix",
                                                             "last_logits_max_abs_diff", "argmax_equal")},
                 **({"f32_" + x: p["llamacpp_f32_comparison"][x]
                     for x in ("generations_equal", "common_prefix", "last_logits_max_abs_diff",
                               "argmax_equal")} if "llamacpp_f32_comparison" in p else {})}
                for p in m["prompts"]]
    if "dequant" in args.only:
        make_dequant(readers, out)
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
