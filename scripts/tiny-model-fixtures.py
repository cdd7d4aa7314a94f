#!/usr/bin/env python3
"""Regenerates the synthetic fixtures of the Swift engine's tests (Tests/EngineTests/Fixtures/tiny).

Run by developers only, when a fixture has to change; never by the build or CI. What it makes:

  qwen2/model.gguf, llama31/model.gguf
      Two tiny random-weight models (hidden 64, 2 layers, 4 heads / 2 KV heads, head_dim 16,
      d_ff 128, vocabulary 512): Qwen2ForCausalLM (q/k/v biases, NEOX rope, untied output) and
      LlamaForCausalLM configured like Llama 3.1 (rope_type "llama3", so the GGUF carries
      rope_freqs.weight). Built and seeded with transformers, saved as safetensors, then converted
      to GGUF F32 by llama.cpp's own convert_hf_to_gguf.py (Q/K row permutation for llama,
      rope_freqs, tokenizer metadata from a tiny byte-level BPE trained here).
  <model>/forward/
      References computed by transformers in float32 from the ORIGINAL HF weights (not from the
      GGUF), attn_implementation="eager", for two prompts of random token ids: last-position
      logits, per-layer act_fn(gate_proj(h)) and down_proj's input at the last two positions,
      8 greedy tokens; manifest.json in the layout of Fixtures/<model>/forward (engine-fixtures.py).
      Cross-checks recorded: llama.cpp (llama-cpp-python) on the same GGUF, a float64 re-run, and
      how much the references move without the feature under test (no llama3 rope scaling; no
      q/k/v biases), so a test that passes really exercises it.
  <model>/tokens.jsonl
      llama.cpp's tokenization (from the tiny GGUF) of engine-fixtures.py's corpus, in the format
      of Fixtures/<model>/tokens.jsonl: the qwen2 and llama-bpe pre-tokenizers.
  types.gguf, types.expected.f32, types.json
      One seeded 4x512 f32 matrix quantized by gguf.quants.quantize to F16, BF16, Q4_0, Q4_1, Q5_0,
      Q5_1, Q8_0, Q4_K, Q5_K, Q6_K (one tensor each, written by gguf.GGUFWriter), and every row
      dequantized by gguf.quants.dequantize.

Usage: scripts/tiny-model-fixtures.py [--out DIR] [--only PART ...] [--llama-cpp DIR] [--work DIR]
  PART: qwen2 llama31 types (default: all)
  --llama-cpp: a llama.cpp source tree holding convert_hf_to_gguf.py, conversion/ and gguf-py/;
    default: the one vendored in the llama-cpp-python 0.3.36 sdist (found in pip's cache or
    /tmp, else fetched with `pip download --no-binary :all:`), unpacked under the cache.
Needs the venv of scripts/engine-fixtures.py (torch, transformers, gguf 0.19.0, llama-cpp-python);
the script re-runs itself there. Nothing is downloaded except, if absent, that sdist.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "Tests" / "EngineTests" / "Fixtures" / "tiny"
from reference_env import CACHE, sha256_file, write_json  # noqa: E402
import reference_env  # noqa: E402
LLAMA_CPP_PYTHON = "0.3.36"
PARTS = ("qwen2", "llama31", "types")

D_MODEL, N_LAYERS, N_HEADS, N_KV_HEADS, HEAD_DIM, D_FF, VOCAB, MAX_POS = 64, 2, 4, 2, 16, 128, 512, 256
N_GENERATE = 8


def log(*a):
    print("tiny-model-fixtures:", *a, file=sys.stderr, flush=True)


def find_llama_cpp(explicit: str | None) -> Path:
    """A llama.cpp tree with convert_hf_to_gguf.py, conversion/ and gguf-py/."""
    if explicit:
        return Path(explicit)
    dest = CACHE / f"llama-cpp-python-{LLAMA_CPP_PYTHON}-convert"
    tree = dest / f"llama_cpp_python-{LLAMA_CPP_PYTHON}" / "vendor" / "llama.cpp"
    if (tree / "convert_hf_to_gguf.py").exists() and (tree / "conversion").is_dir():
        return tree
    name = f"llama_cpp_python-{LLAMA_CPP_PYTHON}.tar.gz"
    pip_cache = Path.home() / ".cache" / "pip"
    candidates = [*Path("/tmp").glob(name), *Path("/tmp").glob(f"*/{name}"),
                  *(pip_cache.rglob(name) if pip_cache.is_dir() else [])]
    if not candidates:
        dl = CACHE / "sdist"
        log(f"downloading the llama-cpp-python {LLAMA_CPP_PYTHON} sdist (converter only) into {dl}")
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                        f"llama-cpp-python=={LLAMA_CPP_PYTHON}", "-d", str(dl)], check=True)
        candidates = [dl / name]
    prefix = f"llama_cpp_python-{LLAMA_CPP_PYTHON}/vendor/llama.cpp/"
    wanted = (prefix + "convert_hf_to_gguf.py", prefix + "conversion/", prefix + "gguf-py/")
    with tarfile.open(candidates[0]) as tar:
        members = [m for m in tar.getmembers() if m.name.startswith(wanted)]
        tar.extractall(dest, members=members, filter="data")
    return tree


# The pre-tokenizer name llama.cpp's converter cannot recognize for a tokenizer it has never seen
# (it hashes the token ids of a test string). Each tiny tokenizer uses exactly the pre-tokenizer
# regex of the named llama.cpp pre-tokenizer, so the name is true.
CONVERT_SHIM = r"""
import os, runpy, sys
tree, pre = sys.argv[1], sys.argv[2]
sys.argv = ["convert_hf_to_gguf.py", *sys.argv[3:]]
sys.path.insert(0, tree)
sys.path.insert(1, os.path.join(tree, "gguf-py"))
import conversion.base as base
original = base.TextModel.get_vocab_base_pre
def get_vocab_base_pre(self, tokenizer):
    try:
        return original(self, tokenizer)
    except NotImplementedError:
        print(f"tiny-model-fixtures: unknown pre-tokenizer hash: writing tokenizer.ggml.pre = {pre!r}", file=sys.stderr)
        return pre
base.TextModel.get_vocab_base_pre = get_vocab_base_pre
runpy.run_path(os.path.join(tree, "convert_hf_to_gguf.py"), run_name="__main__")
"""


def convert(tree: Path, hf_dir: Path, out: Path, pre: str) -> None:
    env = dict(os.environ)
    env.pop("NO_LOCAL_GGUF", None)
    subprocess.run([sys.executable, "-c", CONVERT_SHIM, str(tree), pre, str(hf_dir), "--outtype", "f32",
                    "--outfile", str(out)], check=True, env=env)


# ----------------------------------------------------------------------------------------------
# tiny tokenizers

# llama.cpp's pre-tokenizer regexes (llama-vocab.cpp / the models' tokenizer.json).
REGEX = {
    "qwen2": r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+""",
    "llama-bpe": r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+""",
}

SPECIALS = {
    "qwen2": ["<|endoftext|>", "<|im_start|>", "<|im_end|>"],
    "llama31": ["<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>",
                "<|eot_id|>"],
}


# The tokenizers' training text (fixed: changing it changes the vocabularies and so the GGUFs).
TRAINING_TEXT = """
The engine reads a GGUF file: a header, metadata, a table of tensors and their data.
Each weight row is expanded to f32 exactly as ggml dequantizes it, then multiplied with f32
activations. A transformer block normalizes the residual stream, attends over the cached keys and
values of earlier positions, adds the result back, and runs a feed-forward network whose gate
passes through SiLU or GELU before it multiplies the up projection.
Rotary position embeddings turn pairs of query and key dimensions by an angle that grows with the
position; Llama 3.1 divides some of those frequencies by factors stored in rope_freqs.
Qwen2 adds biases to the query, key and value projections and rotates the two halves of each head.
Greedy generation picks the most likely token, appends it, and repeats until a stop token appears
or the budget of new tokens is spent. Teacher forcing runs a prompt and a response in one batch and
records the activations of every feed-forward neuron at the response positions.
"""


def training_text() -> list[str]:
    """The Zen of Python and TRAINING_TEXT, four times."""
    import codecs
    import contextlib
    import io
    with contextlib.redirect_stdout(io.StringIO()):
        import this  # prints the Zen when first imported
    zen = codecs.decode(this.s, "rot13")
    return [line for line in (zen + "\n" + TRAINING_TEXT).splitlines() if line.strip()] * 4


def make_tokenizer(kind: str, hf_dir: Path) -> dict:
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast
    pre = "qwen2" if kind == "qwen2" else "llama-bpe"
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(REGEX[pre]), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False)])
    tok.decoder = decoders.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False)
    trainer = trainers.BpeTrainer(vocab_size=VOCAB, special_tokens=SPECIALS[kind], show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(training_text(), trainer=trainer)
    assert tok.get_vocab_size() <= VOCAB, tok.get_vocab_size()
    # BOS as in the real models: Llama 3 adds <|begin_of_text|> (its tokenizer.json post-processor,
    # which convert_hf_to_gguf turns into tokenizer.ggml.add_bos_token = true); Qwen2 adds nothing
    # (add_bos_token false in tokenizer_config.json).
    if kind == "llama31":
        bos = "<|begin_of_text|>"
        tok.post_processor = processors.TemplateProcessing(
            single=f"{bos} $A:0", pair=f"{bos} $A:0 {bos} $B:1", special_tokens=[(bos, tok.token_to_id(bos))])
    if kind == "qwen2":
        fast = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|endoftext|>", pad_token="<|endoftext|>")
    else:
        fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<|begin_of_text|>",
                                       eos_token="<|end_of_text|>")
    fast.save_pretrained(str(hf_dir))
    ids = {s: tok.token_to_id(s) for s in SPECIALS[kind]}
    config_path = hf_dir / "tokenizer_config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["add_bos_token"] = kind == "llama31"
    config_path.write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")
    return {"pre": pre, "vocab_size": tok.get_vocab_size(), "special_ids": ids,
            "merges": len(json.loads(tok.to_str())["model"]["merges"])}


# ----------------------------------------------------------------------------------------------
# tiny models

SEEDS = {"qwen2": 20250701, "llama31": 20250702}


def make_config(kind: str, special_ids: dict):
    from transformers import LlamaConfig, Qwen2Config
    common = dict(vocab_size=VOCAB, hidden_size=D_MODEL, intermediate_size=D_FF, num_hidden_layers=N_LAYERS,
                  num_attention_heads=N_HEADS, num_key_value_heads=N_KV_HEADS, head_dim=HEAD_DIM,
                  max_position_embeddings=MAX_POS, tie_word_embeddings=False, hidden_act="silu")
    if kind == "qwen2":
        return Qwen2Config(**common, rms_norm_eps=1e-6, rope_parameters={"rope_type": "default", "rope_theta": 1e6},
                           use_sliding_window=False, bos_token_id=None,
                           eos_token_id=special_ids["<|endoftext|>"], pad_token_id=special_ids["<|endoftext|>"])
    # Llama 3.1 rope scaling with a small original context: at head_dim 16 and base 5e5 the
    # wavelengths 2π/θ_i are 6.3, 32.4, 167, 860, ...: dimension pair 0 keeps its frequency
    # (< 64/4 = 16), pair 1 is smoothed (between 16 and 64), pairs 2..7 are divided by 8.
    return LlamaConfig(**common, rms_norm_eps=1e-5, attention_bias=False, mlp_bias=False,
                       rope_parameters={"rope_type": "llama3", "rope_theta": 500000.0, "factor": 8.0,
                                        "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                                        "original_max_position_embeddings": 64},
                       bos_token_id=special_ids["<|begin_of_text|>"], eos_token_id=special_ids["<|end_of_text|>"])


def randomize(model, seed: int) -> dict:
    """Seeded weights with a realistic scale: N(0,1) embeddings, N(0, 1/fan_in) matrices (lm_head
    ×2 for clear greedy margins), norm weights U(0.5, 1.5), biases N(0, 0.5²)."""
    import torch
    g = torch.Generator().manual_seed(seed)
    rule = {}
    with torch.no_grad():
        for name, p in sorted(model.named_parameters()):
            if name.endswith("embed_tokens.weight"):
                p.copy_(torch.randn(p.shape, generator=g)); rule[name] = "N(0,1)"
            elif name.endswith("norm.weight"):
                p.copy_(0.5 + torch.rand(p.shape, generator=g)); rule[name] = "U(0.5,1.5)"
            elif name.endswith(".bias"):
                p.copy_(0.5 * torch.randn(p.shape, generator=g)); rule[name] = "N(0,0.25)"
            elif name == "lm_head.weight":
                p.copy_(2 * torch.randn(p.shape, generator=g) / p.shape[1] ** 0.5); rule[name] = "N(0,4/fan_in)"
            else:
                p.copy_(torch.randn(p.shape, generator=g) / p.shape[1] ** 0.5); rule[name] = "N(0,1/fan_in)"
    return rule


def load_hf(hf_dir: Path, **overrides):
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM
    cfg = AutoConfig.from_pretrained(str(hf_dir))
    for k, v in overrides.items():
        setattr(cfg, k, v)
    m = AutoModelForCausalLM.from_pretrained(str(hf_dir), config=cfg, dtype=torch.float32,
                                             attn_implementation="eager")
    m.eval()
    return m


def run_reference(model, ids: list[int]):
    """logits at the last position, act and gated [layer][2][d_ff] at the last two positions."""
    import torch
    n = len(ids)
    positions = [n - 2, n - 1]
    last, acts, gated = reference_env.forward_with_ffn_hooks(model, ids, positions)
    assert len(acts) == N_LAYERS and len(gated) == N_LAYERS
    return last.numpy(), torch.stack(acts).numpy(), torch.stack(gated).numpy()


def greedy(model, ids: list[int], n_new: int):
    """n_new greedy tokens (no eos stop) and each step's margin between the top two logits."""
    import torch
    with torch.no_grad():
        x = torch.tensor([ids], dtype=torch.long)
        g = model.generate(input_ids=x, attention_mask=torch.ones_like(x), do_sample=False,
                           max_new_tokens=n_new, min_new_tokens=n_new, num_beams=1, top_k=None, top_p=None,
                           temperature=None, repetition_penalty=None, eos_token_id=None,
                           pad_token_id=model.config.pad_token_id if model.config.pad_token_id is not None else 0,
                           output_scores=True, return_dict_in_generate=True)
    tokens = [int(t) for t in g.sequences[0, len(ids):].tolist()]
    margins = []
    for s in g.scores:
        top2 = torch.topk(s[0].float(), 2).values
        margins.append(float(top2[0] - top2[1]))
    return tokens, margins


def llamacpp_run(path: Path, ids: list[int], n_new: int):
    import numpy as np
    from llama_cpp import Llama
    llm = Llama(model_path=str(path), n_ctx=MAX_POS, n_batch=MAX_POS, n_threads=2, n_threads_batch=2,
                logits_all=True, seed=0, flash_attn=False, verbose=False, type_k=0, type_v=0)
    llm.eval(ids)
    last = np.array(llm.scores[len(ids) - 1], dtype=np.float32, copy=True)
    llm.reset()
    gen = []
    for t in llm.generate(ids, temp=0.0, top_k=1, top_p=1.0, min_p=0.0, typical_p=1.0,
                          repeat_penalty=1.0, reset=True):
        gen.append(int(t))
        if len(gen) >= n_new:
            break
    del llm
    return last, gen


def permute(w, n_head: int):
    """convert_hf_to_gguf.py's LlamaModel.permute (HF rotate-half rows → adjacent-pair rows)."""
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def verify_gguf(kind: str, gguf_path: Path, model) -> dict:
    """The GGUF holds exactly the HF weights (permuted Q/K rows for llama) and the expected metadata."""
    import numpy as np
    import gguf
    r = gguf.GGUFReader(str(gguf_path))
    t = {x.name: x for x in r.tensors}
    meta = {k: f.contents() for k, f in r.fields.items() if not k.startswith("GGUF.")
            and not k.startswith("tokenizer.ggml.") or k in ("tokenizer.ggml.model", "tokenizer.ggml.pre",
                                                               "tokenizer.ggml.bos_token_id",
                                                               "tokenizer.ggml.eos_token_id",
                                                               "tokenizer.ggml.add_bos_token")}
    sd = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    mapping = {"token_embd.weight": "model.embed_tokens.weight", "output.weight": "lm_head.weight",
               "output_norm.weight": "model.norm.weight"}
    for l in range(N_LAYERS):
        p, h = f"blk.{l}.", f"model.layers.{l}."
        mapping.update({p + "attn_norm.weight": h + "input_layernorm.weight",
                        p + "ffn_norm.weight": h + "post_attention_layernorm.weight",
                        p + "attn_q.weight": h + "self_attn.q_proj.weight",
                        p + "attn_k.weight": h + "self_attn.k_proj.weight",
                        p + "attn_v.weight": h + "self_attn.v_proj.weight",
                        p + "attn_output.weight": h + "self_attn.o_proj.weight",
                        p + "ffn_gate.weight": h + "mlp.gate_proj.weight",
                        p + "ffn_up.weight": h + "mlp.up_proj.weight",
                        p + "ffn_down.weight": h + "mlp.down_proj.weight"})
        if kind == "qwen2":
            mapping.update({p + "attn_q.bias": h + "self_attn.q_proj.bias",
                            p + "attn_k.bias": h + "self_attn.k_proj.bias",
                            p + "attn_v.bias": h + "self_attn.v_proj.bias"})
    checks = {}
    for gname, hname in mapping.items():
        x = t[gname]
        assert x.tensor_type == gguf.GGMLQuantizationType.F32, (gname, x.tensor_type)
        got = np.asarray(x.data, dtype=np.float32).reshape(sd[hname].shape)
        want = sd[hname]
        if kind == "llama31" and gname.endswith("attn_q.weight"):
            want = permute(want, N_HEADS)
        elif kind == "llama31" and gname.endswith("attn_k.weight"):
            want = permute(want, N_KV_HEADS)
        checks[gname] = bool(np.array_equal(got, want))
    assert all(checks.values()), checks
    extra = sorted(set(t) - set(mapping))
    out = {"tensors": len(t), "all_f32": all(x.tensor_type == gguf.GGMLQuantizationType.F32 for x in r.tensors),
           "equal_to_hf_weights": all(checks.values()),
           "compared": "every tensor but rope_freqs, element for element" + (
               "; attn_q/attn_k against convert_hf_to_gguf's row permutation of q_proj/k_proj" if kind == "llama31" else ""),
           "tensors_not_from_hf": extra, "metadata": {k: v if not isinstance(v, float) else float(v)
                                                       for k, v in meta.items()}}
    if kind == "llama31":
        import torch
        factors = np.asarray(t["rope_freqs.weight"].data, dtype=np.float32)
        rot = model.model.rotary_emb
        hf_inv = rot.inv_freq.double().numpy()
        base_inv = 1.0 / (500000.0 ** (torch.arange(0, HEAD_DIM, 2, dtype=torch.float32) / HEAD_DIM)).double().numpy()
        out["rope_freqs"] = [float(f) for f in factors]
        out["hf_inv_freq"] = [float(f) for f in hf_inv]
        out["unscaled_inv_freq"] = [float(f) for f in base_inv]
        out["rope_freqs_vs_hf_ratio_max_rel_diff"] = float(np.max(np.abs(base_inv / factors - hf_inv) / hf_inv))
        assert len(set(np.round(factors, 4))) == 3, factors  # 1, smoothed, 8
    else:
        assert "rope_freqs.weight" not in t
    return out


TINY_SPECIALS = {
    "qwen2": ["<|im_start|>user\nhi<|im_end|>\n", "<|endoftext|>", "<|im_start|>assistant\n"],
    "llama31": ["<|begin_of_text|>", "<|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>",
                "<|begin_of_text|>hello<|end_of_text|>"],
}


def make_tokens(kind: str, gguf_path: Path, hf_dir: Path, out_dir: Path) -> dict:
    """tokens.jsonl in the format of Fixtures/<model>/tokens.jsonl: engine-fixtures.py's corpus
    (English, CJK, Korean, Persian, emoji, digits, whitespace, contractions, ...) tokenized by
    llama.cpp from the tiny GGUF; mostly byte tokens (the vocabulary was trained on a little
    English), which exercises the qwen2 / llama-bpe pre-tokenizer splits and byte mapping."""
    import importlib.util
    from llama_cpp import Llama
    from transformers import AutoTokenizer
    spec = importlib.util.spec_from_file_location("engine_fixtures", REPO / "scripts" / "engine-fixtures.py")
    ef = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ef)
    items = [(c, t, [False]) for c, t in ef.CORPUS] + [("special", t, [False, True]) for t in TINY_SPECIALS[kind]]
    llm = Llama(model_path=str(gguf_path), vocab_only=True, verbose=False)
    hf = AutoTokenizer.from_pretrained(str(hf_dir))
    lines, diffs = [], []
    for cat, text, specials in items:
        for parse_special in specials:
            for add_bos in (True, False):
                ids = [int(i) for i in llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=parse_special)]
                ids_tf = list(hf(text, add_special_tokens=add_bos, split_special_tokens=not parse_special)["input_ids"])
                lines.append({"text": text, "add_bos": add_bos, "parse_special": parse_special, "ids": ids,
                              "ids_transformers": ids_tf, "category": cat})
                if ids != ids_tf:
                    diffs.append(lines[-1])
    with (out_dir / "tokens.jsonl").open("w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    log(f"{kind}: tokens.jsonl {len(lines)} lines, {len(diffs)} differ from transformers")
    return {"file": "tokens.jsonl", "lines": len(lines), "texts": len({l["text"] for l in lines}),
            "method": "ids = llama-cpp-python Llama(model.gguf, vocab_only=True).tokenize(text.encode('utf-8'), "
                      "add_bos=add_bos, special=parse_special); ids_transformers = the HF tokenizer the GGUF "
                      "was converted from: tok(text, add_special_tokens=add_bos, split_special_tokens=not "
                      "parse_special).input_ids; corpus = CORPUS of scripts/engine-fixtures.py plus the "
                      "model's special-token texts",
            "n_differences": len(diffs), "differences": diffs}


PROMPT_SEED = {"qwen2": 101, "llama31": 202}
PROMPT_LENGTHS = {"a": 20, "b": 23}


def make_model(kind: str, out: Path, work: Path, tree: Path, vers: dict) -> dict:
    import numpy as np
    import torch
    from transformers import AutoModelForCausalLM

    torch.manual_seed(SEEDS[kind])
    hf_dir = work / kind
    hf_dir.mkdir(parents=True, exist_ok=True)
    for f in hf_dir.iterdir():
        f.unlink()
    tok_info = make_tokenizer(kind, hf_dir)
    cfg = make_config(kind, tok_info["special_ids"])
    model = AutoModelForCausalLM.from_config(cfg, dtype=torch.float32)
    init = randomize(model, SEEDS[kind])
    model.save_pretrained(str(hf_dir), safe_serialization=True)
    log(f"{kind}: HF model in {hf_dir}")

    mdir = out / kind
    fdir = mdir / "forward"
    fdir.mkdir(parents=True, exist_ok=True)
    gguf_path = mdir / "model.gguf"
    convert(tree, hf_dir, gguf_path, tok_info["pre"])
    log(f"{kind}: {gguf_path} ({gguf_path.stat().st_size} bytes)")

    tokens = make_tokens(kind, gguf_path, hf_dir, mdir)
    model = load_hf(hf_dir)
    cfg = model.config
    assert cfg._attn_implementation == "eager"
    assert type(model).__name__ == ("Qwen2ForCausalLM" if kind == "qwen2" else "LlamaForCausalLM")
    verification = verify_gguf(kind, gguf_path, model)

    # Variants without the feature under test: how far the references would move.
    if kind == "llama31":
        ablated = load_hf(hf_dir, rope_parameters={"rope_type": "default", "rope_theta": 500000.0})
        ablation_what = "rope_type 'default' (no llama3 frequency factors), same weights"
    else:
        ablated = load_hf(hf_dir)
        with torch.no_grad():
            for layer in ablated.model.layers:
                for proj in (layer.self_attn.q_proj, layer.self_attn.k_proj, layer.self_attn.v_proj):
                    proj.bias.zero_()
        ablation_what = "q/k/v biases set to zero, same other weights"

    rng = np.random.default_rng(PROMPT_SEED[kind])
    prompts = []
    for name, length in PROMPT_LENGTHS.items():
        # Re-draw until every greedy step's top-2 margin is clear of float32 summation noise.
        for attempt in range(20):
            ids = [int(i) for i in rng.integers(0, VOCAB, size=length)]
            gen, margins = greedy(model, ids, N_GENERATE)
            if min(margins) > 0.01:
                break
            log(f"{kind}/{name}: attempt {attempt}: min greedy margin {min(margins):.4g}, re-drawing")
        logits, act, gat = run_reference(model, ids)
        assert np.argmax(logits) == gen[0]
        n = len(ids)
        (fdir / f"{name}.logits.f32").write_bytes(logits.astype("<f4").tobytes())
        (fdir / f"{name}.act.f32").write_bytes(act.astype("<f4").tobytes())
        (fdir / f"{name}.gated.f32").write_bytes(gat.astype("<f4").tobytes())
        entry = {"name": name, "ids": ids, "n_tokens": n, "positions": [n - 2, n - 1],
                 "logits": {"file": f"{name}.logits.f32", "format": "full", "dtype": "float32-le",
                            "shape": [VOCAB], "position": n - 1},
                 "act": {"file": f"{name}.act.f32", "dtype": "float32-le", "shape": [N_LAYERS, 2, D_FF],
                         "layout": "[layer][position][d_ff] row-major"},
                 "gated": {"file": f"{name}.gated.f32", "dtype": "float32-le", "shape": [N_LAYERS, 2, D_FF],
                           "layout": "[layer][position][d_ff] row-major"},
                 "top10": [[int(i), float(logits[i])] for i in np.argsort(-logits, kind="stable")[:10]],
                 "logits_stats": {"min": float(logits.min()), "max": float(logits.max()),
                                  "mean": float(logits.mean())},
                 "act_max_abs": float(np.abs(act).max()), "gated_max_abs": float(np.abs(gat).max()),
                 "generated_ids": gen, "greedy_margins": margins}

        a_logits, a_act, a_gat = run_reference(ablated, ids)
        a_gen, _ = greedy(ablated, ids, N_GENERATE)
        entry["ablation"] = {
            "what": ablation_what,
            "logits_relative_diff": float(np.abs(a_logits - logits).max() / np.abs(logits).max()),
            "act_relative_diff_per_layer": [float(np.abs(a_act[l] - act[l]).max() / np.abs(act[l]).max())
                                            for l in range(N_LAYERS)],
            "generated_ids": a_gen}

        lc_logits, lc_gen = llamacpp_run(gguf_path, ids, N_GENERATE)
        entry["llamacpp_comparison"] = {
            "what": "llama.cpp (llama-cpp-python) on model.gguf, F32 KV cache, no flash attention",
            "generated_ids": lc_gen, "generations_equal": lc_gen == gen,
            "last_logits_max_abs_diff": float(np.abs(lc_logits - logits).max()),
            "last_logits_relative_diff": float(np.abs(lc_logits - logits).max() / np.abs(logits).max())}
        prompts.append(entry)
        log(f"{kind}/{name}: {n} ids, gen {gen} (min margin {min(margins):.3f}); llama.cpp gen equal "
            f"{lc_gen == gen}, rel logits diff {entry['llamacpp_comparison']['last_logits_relative_diff']:.2e}; "
            f"ablation rel logits diff {entry['ablation']['logits_relative_diff']:.3f}")

    # float64 re-run: the floor for any float32 implementation.
    model64 = model.double()
    for entry in prompts:
        l64, a64, g64 = run_reference(model64, entry["ids"])
        name = entry["name"]
        l32 = np.frombuffer((fdir / f"{name}.logits.f32").read_bytes(), dtype="<f4")
        a32 = np.frombuffer((fdir / f"{name}.act.f32").read_bytes(), dtype="<f4").reshape(a64.shape)
        g32 = np.frombuffer((fdir / f"{name}.gated.f32").read_bytes(), dtype="<f4").reshape(g64.shape)
        entry["fp64_check"] = {"logits_relative_diff": float(np.abs(l32 - l64).max() / np.abs(l64).max()),
                               "act_relative_diff": float(np.abs(a32 - a64).max() / np.abs(a64).max()),
                               "gated_relative_diff": float(np.abs(g32 - g64).max() / np.abs(g64).max())}

    manifest = {
        "model": f"tiny-{kind}", "file": "model.gguf", "sha256": sha256_file(gguf_path),
        "architecture": "qwen2" if kind == "qwen2" else "llama",
        "hf_class": "Qwen2ForCausalLM" if kind == "qwen2" else "LlamaForCausalLM",
        "attn_implementation": "eager", "n_layers": N_LAYERS, "d_model": D_MODEL, "d_ff": D_FF,
        "vocab_size": VOCAB, "activation": "silu", "seed": SEEDS[kind], "init": init,
        "tokenizer": tok_info, "tokens": tokens,
        "hf_config": {k: v for k, v in cfg.to_dict().items()
                      if isinstance(v, (int, float, str, bool, list, dict, type(None)))},
        "versions": vers, "gguf_verification": verification,
        "method": (
            "transformers AutoModelForCausalLM.from_config (seeded, weights re-drawn as in 'init'), "
            "save_pretrained (safetensors, float32), converted by llama.cpp convert_hf_to_gguf.py "
            "--outtype f32 (see gguf_verification). References: the saved HF model reloaded with "
            "dtype=torch.float32, attn_implementation='eager', run on CPU on the prompt ids as they are "
            "(random ids, no BOS added). logits = last position's row; act = forward hook on "
            "layers[i].mlp.act_fn, gated = forward pre-hook on layers[i].mlp.down_proj, both at the last "
            "two positions. generated_ids = model.generate(do_sample=False, max_new_tokens=8, "
            "eos_token_id=None); greedy_margins = top-1 minus top-2 logit at each step (prompts are "
            "re-drawn until every margin exceeds 0.01)."),
        "prompts": prompts,
    }
    write_json(fdir / "manifest.json", manifest)
    return manifest


# ----------------------------------------------------------------------------------------------
# types.gguf

TYPE_NAMES = ("F16", "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q4_K", "Q5_K", "Q6_K")
TYPES_SEED = 7


def types_matrix():
    """4 × 512: N(0,1) with outliers; N(0,1)·0.01; N(0,1) with a zero block and big outliers;
    N(2, 0.5) (all positive, exercising the min/offset of Q4_1, Q5_1, Q4_K, Q5_K)."""
    import numpy as np
    rng = np.random.default_rng(TYPES_SEED)
    m = rng.standard_normal((4, 512)).astype(np.float32)
    m[0, [5, 77, 300]] = [8.0, -6.5, 11.25]
    m[1] *= np.float32(0.01)
    m[2, 256:288] = 0
    m[2, [3, 400]] = [-30.0, 25.0]
    m[3] = (2 + 0.5 * rng.standard_normal(512)).astype(np.float32)
    return m


def ggml_quantize(data, name: str):
    """ggml's own quantizer (ggml_quantize_chunk from llama-cpp-python's bundled libggml-base),
    for the types gguf.quants cannot quantize (it only dequantizes the K-quants)."""
    import ctypes
    import numpy as np
    import gguf
    import llama_cpp
    lib = ctypes.CDLL(str(Path(llama_cpp.__file__).parent / "lib" / "libggml-base.so"))
    lib.ggml_quantize_init.argtypes = [ctypes.c_int]
    lib.ggml_quantize_chunk.restype = ctypes.c_size_t
    lib.ggml_quantize_chunk.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64,
                                        ctypes.c_int64, ctypes.c_int64, ctypes.c_void_p]
    qtype = gguf.GGMLQuantizationType[name]
    block, size = gguf.GGML_QUANT_SIZES[qtype]
    rows, cols = data.shape
    src = np.ascontiguousarray(data, dtype=np.float32)
    dst = np.zeros((rows, cols // block * size), dtype=np.uint8)
    lib.ggml_quantize_init(int(qtype))
    n = lib.ggml_quantize_chunk(int(qtype), src.ctypes.data, dst.ctypes.data, 0, rows, cols, None)
    assert n == dst.nbytes, (n, dst.nbytes)
    return dst


# Byte offsets of the f16 fields (d, and m/dmin) in each block: random blocks get finite values there.
HALF_FIELDS = {"Q4_0": (0,), "Q4_1": (0, 2), "Q5_0": (0,), "Q5_1": (0, 2), "Q8_0": (0,),
               "Q4_K": (0, 2), "Q5_K": (0, 2), "Q6_K": (208,)}


def random_blocks(name: str, rows: int, cols: int, rng):
    """Uniformly random block bytes (every bit of every scale, high-bit and quant field set or not),
    with the f16 scales replaced by random finite values of either sign."""
    import numpy as np
    import gguf
    block, size = gguf.GGML_QUANT_SIZES[gguf.GGMLQuantizationType[name]]
    nblocks = rows * cols // block
    raw = rng.integers(0, 256, size=(nblocks, size), dtype=np.uint8)
    for off in HALF_FIELDS[name]:
        halves = (rng.standard_normal(nblocks) * 0.05).astype(np.float16)
        raw[:, off:off + 2] = halves.view(np.uint8).reshape(nblocks, 2)
    return raw.reshape(rows, cols // block * size)


def make_types(out: Path) -> dict:
    import numpy as np
    import gguf
    from gguf.quants import dequantize, quantize
    data = types_matrix()
    rows, cols = data.shape
    rng = np.random.default_rng(TYPES_SEED + 1)
    w = gguf.GGUFWriter(str(out / "types.gguf"), "llama")
    expected, entries, support = [], [], {}
    offset = 0

    def add(tname: str, name: str, q, how: str, source: str):
        nonlocal offset
        qtype = gguf.GGMLQuantizationType[name]
        deq = dequantize(q, qtype).astype(np.float32).reshape(-1, cols)
        assert np.all(np.isfinite(deq)), tname
        if q.dtype == np.uint8:
            w.add_tensor(tname, q, raw_shape=q.shape, raw_dtype=qtype)
        else:
            w.add_tensor(tname, q)
        expected.append(deq)
        entry = {"name": tname, "type": name, "rows": deq.shape[0], "columns": cols, "offset": offset,
                 "source": source, "quantizer": how}
        if source == "matrix":
            entry["max_abs_quantization_error"] = float(np.abs(deq - data).max())
        entries.append(entry)
        offset += deq.size

    for name in TYPE_NAMES:
        qtype = gguf.GGMLQuantizationType[name]
        try:
            q = quantize(data, qtype)
            how = "gguf.quants.quantize"
            support[name] = {"quantize": True}
        except NotImplementedError:
            q = ggml_quantize(data, name)
            how = "ggml_quantize_chunk (llama-cpp-python's libggml-base; gguf.quants.quantize raises NotImplementedError)"
            support[name] = {"quantize": False}
        try:
            dequantize(q, qtype)
            support[name]["dequantize"] = True
        except NotImplementedError:
            support[name]["dequantize"] = False
            log(f"types: gguf.quants cannot dequantize {name}: skipped")
            continue
        if name not in ("F16", "BF16") and how == "gguf.quants.quantize":
            support[name]["same_bytes_as_ggml_quantize_chunk"] = bool(np.array_equal(q, ggml_quantize(data, name)))
        add(name.lower(), name, q, how, "matrix")
    for name in TYPE_NAMES:
        if name in HALF_FIELDS:
            add(name.lower() + "_random", name, random_blocks(name, 2, cols, rng), "random bytes", "random blocks")
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    (out / "types.expected.f32").write_bytes(np.concatenate([e.reshape(-1) for e in expected]).astype("<f4").tobytes())
    # read back: the stored blocks dequantize to the expected values
    r = gguf.GGUFReader(str(out / "types.gguf"))
    by = {t.name: t for t in r.tensors}
    for e, deq in zip(entries, expected):
        t = by[e["name"]]
        assert t.tensor_type.name == e["type"], (t.tensor_type, e)
        assert np.array_equal(dequantize(t.data, t.tensor_type).reshape(deq.shape), deq), e["name"]
    manifest = {
        "file": "types.gguf", "expected": "types.expected.f32", "seed": TYPES_SEED,
        "source": "matrix: types_matrix() in scripts/tiny-model-fixtures.py, 4 x 512 float32; "
                  "random blocks: 2 x 512 values of uniformly random block bytes with random finite "
                  "f16 scales (numpy default_rng(seed + 1))",
        "method": "each tensor written by gguf.GGUFWriter (metadata: general.architecture only); expected "
                  "= gguf.quants.dequantize of the same blocks, float32-le, tensor after tensor, row-major "
                  "[rows][columns]; offset = index of the tensor's first value in types.expected.f32 (floats)",
        "gguf_quants_support": support, "versions": reference_env.versions(("gguf", "numpy", "torch", "transformers", "tokenizers", "safetensors", "llama_cpp_python")), "tensors": entries}
    write_json(out / "types.json", manifest)
    log(f"types: {[e['name'] for e in entries]} -> types.gguf ({(out / 'types.gguf').stat().st_size} bytes)")
    return manifest


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS))
    ap.add_argument("--llama-cpp", default=None)
    ap.add_argument("--work", default=str(CACHE / "tiny-hf"), help="where the HF models are saved")
    args = ap.parse_args(argv)
    reference_env.enter_venv(__file__, argv)
    out, work = Path(args.out), Path(args.work)
    out.mkdir(parents=True, exist_ok=True)
    vers = reference_env.versions(("gguf", "numpy", "torch", "transformers", "tokenizers", "safetensors", "llama_cpp_python"))
    summary = {}
    if "types" in args.only:
        summary["types"] = make_types(out)["gguf_quants_support"]
    models = [k for k in ("qwen2", "llama31") if k in args.only]
    if models:
        tree = find_llama_cpp(args.llama_cpp)
        log(f"converter: {tree}")
        for kind in models:
            m = make_model(kind, out, work, tree, vers)
            summary[kind] = [{"name": p["name"], "generated": p["generated_ids"],
                              "llamacpp_equal": p["llamacpp_comparison"]["generations_equal"],
                              "llamacpp_rel": p["llamacpp_comparison"]["last_logits_relative_diff"],
                              "ablation_rel": p["ablation"]["logits_relative_diff"],
                              "fp64": p["fp64_check"]} for p in m["prompts"]]
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
