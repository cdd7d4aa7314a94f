#!/usr/bin/env python3
"""bench-score: `score` on 1,000,000 answer records, beside the official BLEnD scorer in Python.

Builds (once, cached under --work) zstd files of answer records: BLEnD's questions of every set
with an official answer key, cycled, each with a response drawn from the agreement harness's
classes (scripts/agreement/make_cases.py: exact answers, label prefixes, sentences, inflections,
English answers in local runs, wrong answers, empty and "I don't know", prompt echoes, ...) and
its real inst-4 prompt. A question occurs once per (model, instruction, set) run, so every pass
over the questions is a new model ("bench-000", "bench-001", ...). The 10k and 100k files are the
first records of the 1M one.

Then times, whole process, on the same records:
  ours      score FILE                  (zstd in, zstd out, summaries on stderr)
  official  official_scorer.py SAMPLE   (the first --python-records records; the agreement venv
            of scripts/agreement/setup-venv.sh; spaCy, jieba, Okt, hazm and nlp_id loaded once and
            every tokenization memoized — kinder to Python than BLEnD's own code, which builds a
            lemmatizer per check)
  official as BLEnD runs it: the first --nomemo-records records with --no-memo (every check
            tokenizes the answer and the response afresh, as BLEnD's exact_match.py does; it
            also rebuilds Okt and the lemmatizers per check, which this does not)
and prints items/s, peak RSS (ours at 10k, 100k and 1M records: it should stay flat) and the
speed ratios (goal: ours >= 100x).
"""
import argparse, hashlib, json, os, random, subprocess, sys, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "agreement"))
import make_cases as mc  # noqa: E402  (standard library only)
from official_scorer import default_dir  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_summary  # noqa: E402


def run(command, stderr_path=None):
    """Runs a command (a list) in a fresh child of a fresh Python process, stdout (and stderr,
    unless stderr_path) to /dev/null, so that the peak RSS is this command's alone.
    Returns (seconds, peak MiB)."""
    probe = (
        "import resource, subprocess, sys, time, json\n"
        "cmd = json.loads(sys.argv[1])\n"
        "start = time.perf_counter()\n"
        "with open('/dev/null', 'wb') as dst, open(sys.argv[2] or '/dev/null', 'wb') as err:\n"
        "    code = subprocess.call(cmd, stdin=subprocess.DEVNULL, stdout=dst, stderr=err)\n"
        "elapsed = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(code, elapsed, peak)\n")
    out = subprocess.run([sys.executable, "-c", probe, json.dumps(command), stderr_path or ""],
                         check=True, capture_output=True, text=True).stdout
    code, elapsed, peak = out.split()
    if code != "0":
        sys.exit(f"bench-score: '{' '.join(command)}' exited with {code}")
    return float(elapsed), float(peak)


def dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def make_inputs(args, paths_by_count):
    """Writes the answer-record files: one stream, cut at each count."""
    if all(os.path.exists(p) for p in paths_by_count.values()):
        return
    questions = mc.load_questions(args.bin, args.blend_dir, args.dual_eval_dir)
    prompts = mc.read_prompts(args.blend_dir)
    items = []   # (question, serialized question fields, prompt, serialized prompt, pool)
    for set_name, pool in questions.items():
        for q in pool:
            body = dumps({k: v for k, v in q.items() if k != "kind"})
            prompt = mc.prompt_for(q, prompts)
            items.append((q, body[1:-1], prompt, dumps(prompt), pool))
    rng = random.Random(args.seed)
    settings = dumps({"temperature": 0, "top_p": 1, "max_tokens": 512, "seed": None})
    total = max(paths_by_count)
    procs = {}
    for count, path in sorted(paths_by_count.items()):
        procs[count] = (subprocess.Popen(["zstd", "-q", "-3", "-f", "-o", path + ".tmp"], stdin=subprocess.PIPE), path)
    written = 0
    round_no = 0
    while written < total:
        order = list(range(len(items)))
        rng.shuffle(order)
        model = f"bench-{round_no:03d}"
        for i in order:
            if written >= total:
                break
            q, body, prompt, prompt_json, pool = items[i]
            classes = [c for c in mc.CLASSES if q["lang"] in mc.CLASS_LANGS.get(c, {q["lang"]})]
            response, _ = mc.make_response(rng.choice(classes), q, prompt, pool, rng)
            key = hashlib.sha256(f"openai\0{model}\0{prompt}\0{settings}".encode()).hexdigest()
            if response is None:
                tail = ('"finish_reason":null,"usage":null,"latency_ms":null,"attempts":3,'
                        '"error":{"kind":"http","status":500,"message":"internal server error"}')
            else:
                tail = (f'"finish_reason":"stop","usage":{{"input_tokens":{len(prompt) // 3},"output_tokens":{max(1, len(response) // 3)}}},'
                        f'"latency_ms":{rng.randint(200, 9000) / 10},"attempts":1,"error":null')
            line = (f'{{"kind":"answer",{body},"model":"{model}","backend":"openai","instruction":"inst-4",'
                    f'"prompt":{prompt_json},"chat_template":null,"settings":{settings},"key":"{key}",'
                    f'"response":{dumps(response)},{tail}}}\n').encode()
            written += 1
            for count, (proc, _) in procs.items():
                if written <= count:
                    proc.stdin.write(line)
        round_no += 1
    for count, (proc, path) in procs.items():
        proc.stdin.close()
        if proc.wait():
            sys.exit("bench-score: zstd failed")
        os.rename(path + ".tmp", path)


def uncompressed_bytes(path):
    out = subprocess.run(f"zstd -dc '{path}' | wc -c", shell=True, check=True, capture_output=True, text=True).stdout
    return int(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=str(HERE.parent / ".build" / "release"))
    parser.add_argument("--blend-dir", default=default_dir("blend"))
    parser.add_argument("--dual-eval-dir", default=default_dir("dual-eval"))
    parser.add_argument("--analyzers", help="analyzer data for score (default: its own default)")
    parser.add_argument("--work", default="work/bench")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--python-records", type=int, default=20_000)
    parser.add_argument("--nomemo-records", type=int, default=5_000,
                        help="records for the official scorer without memoization, as BLEnD's code runs (0: skip)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="runs of score on the large file; the best is reported")
    parser.add_argument("--skip-python", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)

    counts = sorted({10_000, 100_000, args.python_records, args.records})
    paths = {n: os.path.join(args.work, f"answers-{args.seed}-{n}.jsonl.zst") for n in counts}
    start = time.perf_counter()
    make_inputs(args, paths)
    made = time.perf_counter() - start
    if made > 1:
        print(f"bench-score: made the inputs in {made:.0f} s", file=sys.stderr)
    large = paths[args.records]
    size = uncompressed_bytes(large)

    score = [f"{args.bin}/score"] + (["--analyzers", args.analyzers] if args.analyzers else [])
    ours = [run(score + [large]) for _ in range(args.repeat)]
    ours_seconds = min(r[0] for r in ours)
    ours_peak = max(r[1] for r in ours)
    peaks = {n: run(score + [paths[n]])[1] for n in (10_000, 100_000) if n < args.records}
    ours_small = run(score + [paths[args.python_records]])[0]

    rows = [("ours: score", args.records, ours_seconds, ours_peak)]
    rows.append(("ours: score (Python's sample)", args.python_records, ours_small, None))
    if not args.skip_python:
        subprocess.run([str(HERE / "agreement" / "setup-venv.sh")], check=True)
        official = [sys.executable, str(HERE / "agreement" / "official_scorer.py"), "--preload", paths[args.python_records]]
        log = os.path.join(args.work, "official.stderr")
        py_seconds, py_peak = run(official, stderr_path=log)
        rows.append(("official BLEnD scorer (Python)", args.python_records, py_seconds, py_peak))
        last = [l for l in open(log, encoding="utf-8") if l.startswith("official: ") and l.rstrip().endswith("tokenizer calls")]
        if last:   # "official: 93.1 s, 31337 tokenizer calls": the time after the imports
            inner = float(last[-1].split()[1])
            rows.append(("official, scoring only (libraries loaded)", args.python_records, inner, None))
        if args.nomemo_records:
            sample = os.path.join(args.work, f"answers-{args.seed}-{args.nomemo_records}.jsonl")
            if not os.path.exists(sample):
                subprocess.run(f"zstd -dc '{paths[args.python_records]}' | head -n {args.nomemo_records} > '{sample}.tmp'",
                               shell=True, check=True)
                os.rename(sample + ".tmp", sample)
            nomemo_seconds, nomemo_peak = run(official[:-1] + ["--no-memo", sample])
            rows.append(("official as BLEnD runs it (no memo)", args.nomemo_records, nomemo_seconds, nomemo_peak))

    print(f"bench-score: {args.records:,} answer records, {size / 1e6:,.0f} MB uncompressed, "
          f"{os.path.getsize(large) / 1e6:,.0f} MB zstd; whole process, best of {args.repeat}")
    print("| command | records | seconds | items/s | peak RSS | items/s vs official (memoized) |")
    print("|---|---:|---:|---:|---:|---:|")
    py_rate = rows[2][1] / rows[2][2] if not args.skip_python else None
    for name, n, seconds, peak in rows:
        rate = n / seconds
        ratio = (f"{rate / py_rate:,.0f}×" if rate / py_rate >= 10 else f"{rate / py_rate:.2f}×") if py_rate else "-"
        print(f"| {name} | {n:,} | {seconds:,.2f} | {rate:,.0f} | {f'{peak:,.1f} MiB' if peak else '-'} | {ratio} |")
    print("\n| records | peak RSS of score |")
    print("|---:|---:|")
    for n, peak in sorted(peaks.items()):
        print(f"| {n:,} | {peak:,.1f} MiB |")
    print(f"| {args.records:,} | {ours_peak:,.1f} MiB |")
    if py_rate:
        ours_rate = args.records / ours_seconds
        ratio = ours_rate / py_rate
        print(f"\nbench-score: ours {ratio:,.0f}× the memoized official scorer's items/s (goal ≥ 100×): {'met' if ratio >= 100 else 'MISSED'}")
        bench_summary.record("score", "1M answers, whole process", ours_rate, "official scorer, memoized (Python)", py_rate, "items/s")
        if args.nomemo_records:
            name, n, seconds, _ = rows[-1]
            ratio = ours_rate / (n / seconds)
            print(f"bench-score: ours {ratio:,.0f}× the official scorer run as BLEnD's code runs (every check tokenizes "
                  f"afresh; libraries loaded once) (goal ≥ 100×): {'met' if ratio >= 100 else 'MISSED'}")
            bench_summary.record("score", "1M answers, whole process", ours_rate, "official scorer as BLEnD runs it (Python)", n / seconds, "items/s")


if __name__ == "__main__":
    main()
