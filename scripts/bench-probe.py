#!/usr/bin/env python3
"""bench-probe: `probe` beside PyTorch on the same 100 answers, whole process included, 2 threads.

The answers are made without generation: the first 100 US-English BLEnD questions with the
inst-8 prompt and, as the response, each question's top annotated answer (teacher forcing does
not care where a response came from). Both sides tokenize prompt and response separately,
run one teacher-forced forward per answer, capture act(W_gate h) at the response positions,
and pick layer top-5 key neurons plus the 1000 largest entries per layer.
Needs the reference venv of scripts/engine-fixtures.py (torch, transformers, llama-cpp-python).
"""
import argparse, json, os, pathlib, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_summary  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
CACHE = pathlib.Path(os.environ.get("XDG_CACHE_HOME", pathlib.Path.home() / ".cache")) / "dualeval"
VENV_PYTHON = CACHE / "fixture-venv" / "bin" / "python"
TEMPLATE = ("Read the following question and return only ONE answer in a single word or an unbroken phrase, "
            "avoiding splitting any proper nouns or named entities. \n\nQuestion: {q}\nAnswer:")

PYTORCH = r'''
import json, os, sys, time, torch
from llama_cpp import Llama
from transformers import AutoModelForCausalLM
path, answers_path, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
torch.set_num_threads(threads)
vocab = Llama(model_path=path, vocab_only=True, verbose=False)
model = AutoModelForCausalLM.from_pretrained(os.path.dirname(path), gguf_file=os.path.basename(path),
                                             dtype=torch.float32, attn_implementation="eager").eval()
captured = []
for layer in model.model.layers:
    layer.mlp.act_fn.register_forward_hook(lambda m, i, o: captured.append(o[0]))
tokens = 0
with torch.no_grad():
    for line in open(answers_path):
        answer = json.loads(line)
        prompt = vocab.tokenize(answer["prompt"].encode(), add_bos=True, special=False)
        response = vocab.tokenize(answer["response"].encode(), add_bos=False, special=False)
        captured.clear()
        model.model(torch.tensor([prompt + response]))
        tokens += len(prompt) + len(response)
        for acts in captured:
            rows = acts[len(prompt):].reshape(-1)
            top = torch.topk(rows, min(1000, rows.numel()))
            t = top.values[min(5, rows.numel()) - 1]
            keys = torch.nonzero(acts[len(prompt):].max(dim=0).values >= t).flatten().tolist()
print(tokens)
'''

def timed(command):
    """Runs a command; returns (seconds, completed process)."""
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"bench-probe: {command[0]} failed: {result.stderr[-2000:]}")
    return time.perf_counter() - start, result

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=str(ROOT / ".build" / "release"))
    parser.add_argument("--blend-dir", required=True)
    parser.add_argument("--models-dir", default=str(CACHE / "models"))
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if not VENV_PYTHON.exists():
        sys.exit(f"bench-probe: no reference venv at {VENV_PYTHON}; create it with scripts/engine-fixtures.py")
    model = os.path.join(args.models_dir, "gemma-3-270m-q4_k_m.gguf")
    questions = subprocess.run([f"{args.bin}/import-blend", "--blend-dir", args.blend_dir, "--set", "Q_US_en",
                                "--limit", str(args.count * 2), "--plain"], capture_output=True, check=True).stdout.splitlines()
    work = pathlib.Path(tempfile.mkdtemp(prefix="bench-probe-"))
    answers = work / "answers.jsonl"
    written = 0
    with open(answers, "w") as out:
        for line in questions:
            question = json.loads(line)
            if not question["answers"] or written == args.count:
                continue
            record = dict(question)
            record.update(kind="answer", model="gemma3-270m", backend="local", instruction="inst-8",
                          prompt=TEMPLATE.replace("{q}", question["question"]), chat_template="none",
                          settings={"temperature": 0, "top_p": 1, "max_tokens": 1024, "seed": None},
                          key=f"bench-{written}", response=" " + question["answers"][0]["texts"][0], finish_reason="stop",
                          usage=None, latency_ms=None, attempts=1, error=None)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    ours_s, _ = timed([f"{args.bin}/probe", str(answers), "--model-file", model, "--threads", str(args.threads), "--plain",
                       "--output", str(work / "neurons.jsonl")])
    torch_s, torch_result = timed([str(VENV_PYTHON), "-c", PYTORCH, model, str(answers), str(args.threads)])
    tokens = int(torch_result.stdout.strip().splitlines()[-1])
    print(f"bench-probe: {written} answers ({tokens:,} tokens), Gemma 3 270M, {args.threads} threads, whole process")
    print("| tool | seconds | answers/s | tokens/s | vs PyTorch |")
    print("|---|---:|---:|---:|---:|")
    print(f"| probe | {ours_s:.1f} | {written / ours_s:.1f} | {tokens / ours_s:,.0f} | {torch_s / ours_s:.2f}× |")
    print(f"| PyTorch (transformers, f32) | {torch_s:.1f} | {written / torch_s:.1f} | {tokens / torch_s:,.0f} | 1.00× |")
    bench_summary.record("probe", f"{written} answers, whole process", written / ours_s, "PyTorch transformers", written / torch_s, "answers/s")

if __name__ == "__main__":
    main()
