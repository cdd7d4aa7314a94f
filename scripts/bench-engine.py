#!/usr/bin/env python3
"""bench-engine: the native engine beside llama.cpp and PyTorch, in one run, on both embedded models.

For each model (2 threads everywhere):
  ours       .build/release/engine-bench: load, prefill 128/512 tokens, decode 128 tokens,
             teacher-forced forward with FFN capture (128-token prompt + 32 response tokens), peak RSS
  llama.cpp  llama-cpp-python (its bundled llama.cpp, built on this machine): load, prefill, decode, peak RSS
  PyTorch    transformers on CPU, float32 weights dequantized from the same GGUF, forward hooks on
             mlp.act_fn: the teacher-forced forward with capture
Each anchor runs in its own process so that peak RSS is its own. The token ids are the same
synthetic ids in every tool. Prints a Markdown table with ratios (ours / anchor; higher is better
for speeds, lower for memory and load time).

Needs the reference venv of scripts/engine-fixtures.py (it creates it: torch, transformers,
gguf, llama-cpp-python); runs only from `make bench-engine`, never in CI.
"""
import argparse, json, os, pathlib, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_summary  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
CACHE = pathlib.Path(os.environ.get("XDG_CACHE_HOME", pathlib.Path.home() / ".cache")) / "dualeval"
VENV_PYTHON = CACHE / "fixture-venv" / "bin" / "python"

# Runs inside the venv: one anchor measurement, printed as JSON.
ANCHOR = r'''
import json, resource, sys, time
kind, path, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
def toks(n): return [1000 + (i * 7919) % 20000 for i in range(n)]
report = {}
if kind == "llama.cpp":
    from llama_cpp import Llama
    t0 = time.perf_counter()
    llm = Llama(model_path=path, n_ctx=2048, n_threads=threads, n_threads_batch=threads, n_batch=512, verbose=False)
    report["load_seconds"] = time.perf_counter() - t0
    for n in (128, 512):
        best = 1e9
        for _ in range(2):
            llm.reset(); t0 = time.perf_counter(); llm.eval(toks(n)); best = min(best, time.perf_counter() - t0)
        report[f"prefill_{n}_tokens_per_second"] = n / best
    best = 1e9
    for _ in range(2):
        llm.reset(); llm.eval(toks(128)); t0 = time.perf_counter()
        for t in toks(128): llm.eval([t])
        best = min(best, time.perf_counter() - t0)
    report["decode_tokens_per_second"] = 128 / best
else:
    import os, torch
    from transformers import AutoModelForCausalLM
    torch.set_num_threads(threads)
    t0 = time.perf_counter()
    model = AutoModelForCausalLM.from_pretrained(os.path.dirname(path), gguf_file=os.path.basename(path),
                                                 dtype=torch.float32, attn_implementation="eager")
    model.eval()
    report["load_seconds"] = time.perf_counter() - t0
    captured = []
    layers = model.model.layers
    hooks = [layer.mlp.act_fn.register_forward_hook(lambda m, i, o: captured.append(o[0, 128:].detach().clone())) for layer in layers]
    ids = torch.tensor([toks(128) + toks(32)])
    best = 1e9
    with torch.no_grad():
        for _ in range(2):
            captured.clear(); t0 = time.perf_counter(); model.model(ids); best = min(best, time.perf_counter() - t0)
    report["capture_tokens_per_second"] = 160 / best
report["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(report))
'''

def run_json(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=str(ROOT / ".build" / "release"))
    parser.add_argument("--models-dir", default=str(CACHE / "models"))
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if not VENV_PYTHON.exists():
        sys.exit(f"bench-engine: no reference venv at {VENV_PYTHON}; create it with scripts/engine-fixtures.py --only venv")
    models = {"gemma": "gemma-3-270m-q4_k_m.gguf", "smollm2": "SmolLM2-135M-Instruct.Q4_1.gguf"}
    rows = []
    for name, file in models.items():
        path = os.path.join(args.models_dir, file)
        ours = run_json([f"{args.bin}/engine-bench", "--model", path, "--threads", str(args.threads), "--decode", "128"])
        llama = run_json([str(VENV_PYTHON), "-c", ANCHOR, "llama.cpp", path, str(args.threads)])
        torch = run_json([str(VENV_PYTHON), "-c", ANCHOR, "pytorch", path, str(args.threads)])
        for metric, anchor_name, anchor, higher_is_better in [
            ("prefill_128_tokens_per_second", "llama.cpp", llama, True),
            ("prefill_512_tokens_per_second", "llama.cpp", llama, True),
            ("decode_tokens_per_second", "llama.cpp", llama, True),
            ("capture_tokens_per_second", "PyTorch", torch, True),
            ("load_seconds", "llama.cpp", llama, False),
            ("peak_rss_mib", "llama.cpp", llama, False),
        ]:
            ratio = ours[metric] / anchor[metric]
            rows.append((name, metric, ours[metric], anchor_name, anchor[metric], ratio))
    print(f"bench-engine: {args.threads} threads; ratio = ours / anchor")
    print("| model | measure | ours | anchor | anchor's | ratio |")
    print("|---|---|---:|---|---:|---:|")
    for name, metric, value, anchor_name, anchor_value, ratio in rows:
        print(f"| {name} | {metric} | {value:,.3f} | {anchor_name} | {anchor_value:,.3f} | {ratio:.2f}× |")
        lower_is_better = metric in ("load_seconds", "peak_rss_mib")
        bench_summary.record("engine", f"{name} {metric}", value, anchor_name, anchor_value, "", higher_is_better=not lower_is_better)
    # Gemma 3 270M: about 0.2 GFLOP per token without the output layer; the machine's f32 ceiling
    # is about 185 GFLOP/s on 2 cores.
    gemma_capture = next(r for r in rows if r[0] == "gemma" and r[1] == "capture_tokens_per_second")[2]
    print(f"gemma teacher-forced capture: {gemma_capture * 0.2:,.0f} GFLOP/s of about 185 available "
          f"({gemma_capture * 0.2 / 185:.0%})")

if __name__ == "__main__":
    main()
