#!/usr/bin/env python3
"""bench-io: stream question-sized records through a pass-through stage, side by side with zstd.

Builds (once, cached under --work) a zstd file of N real question records (BLEnD's sets repeated
with unique ids), then times, on the same file:
  ours     dualeval cat        decode every record by its schema, re-encode, zstd-compress
  ours-raw dualeval cat --raw  parse every line as JSON, copy it, zstd-compress
  anchor   zstd -dc | zstd -c  decompress and recompress, no parsing at all
and prints records/s, MB/s (uncompressed JSON Lines) and peak RSS, with ours/anchor ratios.
Peak RSS is also measured on 10k- and 100k-record files to show that memory does not grow with the
stream (it rises until zstd's fixed-size job buffers are full, then stays flat).
"""
import argparse, json, os, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_summary  # noqa: E402

def run(command, stdin_path):
    """Runs a shell command with stdin from a file and stdout to /dev/null, in a fresh child of a
    fresh Python process so that the peak RSS is this command's alone. Returns (seconds, peak MiB)."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "with open(sys.argv[2], 'rb') as src, open('/dev/null', 'wb') as dst:\n"
        "    code = subprocess.call(['bash', '-o', 'pipefail', '-c', sys.argv[1]], stdin=src, stdout=dst)\n"
        "elapsed = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(code, elapsed, peak)\n")
    out = subprocess.run([sys.executable, "-c", probe, command, stdin_path], check=True, capture_output=True, text=True).stdout
    code, elapsed, peak = out.split()
    if code != "0":
        sys.exit(f"bench-io: '{command}' exited with {code}")
    return float(elapsed), float(peak)

def make_input(args, count, path):
    if os.path.exists(path):
        return
    base = []
    sets = subprocess.run([f"{args.bin}/import-blend", "--list-sets"], check=True, capture_output=True, text=True).stdout.split()
    for name in sets:
        if name.startswith("Q_US_") and name != "Q_US_en" and not args.dual_eval_dir:
            continue
        command = [f"{args.bin}/import-blend", "--blend-dir", args.blend_dir, "--set", name, "--plain"]
        if args.dual_eval_dir:
            command += ["--dual-eval-dir", args.dual_eval_dir]
        out = subprocess.run(command, check=True, capture_output=True).stdout
        base += [json.loads(line) for line in out.splitlines()]
    tmp = path + ".tmp"
    with subprocess.Popen(["zstd", "-q", "-3", "-o", tmp, "-f"], stdin=subprocess.PIPE) as zstd:
        for i in range(count):
            record = dict(base[i % len(base)])
            record["template_id"] = f"{record['template_id']}-{i // len(base)}"
            record["id"] = f"Q_{record['culture']}_{record['lang']}/{record['template_id']}"
            zstd.stdin.write((json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode())
        zstd.stdin.close()
    os.rename(tmp, path)

def uncompressed_bytes(path):
    out = subprocess.run(f"zstd -dc '{path}' | wc -c", shell=True, check=True, capture_output=True, text=True).stdout
    return int(out)

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--blend-dir", required=True)
    parser.add_argument("--dual-eval-dir")
    parser.add_argument("--work", required=True)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per command; the best is reported")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)

    small = os.path.join(args.work, "questions-10000.jsonl.zst")
    medium = os.path.join(args.work, "questions-100000.jsonl.zst")
    large = os.path.join(args.work, f"questions-{args.records}.jsonl.zst")
    for count, path in [(10_000, small), (100_000, medium), (args.records, large)]:
        make_input(args, count, path)
    size = uncompressed_bytes(large)

    commands = {
        "ours (dualeval cat)": f"{args.bin}/dualeval cat",
        "ours-raw (dualeval cat --raw)": f"{args.bin}/dualeval cat --raw",
        "anchor (zstd -dc | zstd -c)": "zstd -dc | zstd -c",
    }
    results = {}
    for name, command in commands.items():
        runs = [run(command, large) for _ in range(args.repeat)]
        results[name] = (min(r[0] for r in runs), max(r[1] for r in runs), run(command, small)[1], run(command, medium)[1])

    anchor_seconds = results["anchor (zstd -dc | zstd -c)"][0]
    print(f"bench-io: {args.records:,} question records, {size / 1e6:,.0f} MB uncompressed, "
          f"{os.path.getsize(large) / 1e6:,.0f} MB zstd; best of {args.repeat}")
    print(f"| command | records/s | MB/s | peak RSS 10k | peak RSS 100k | peak RSS {args.records // 1000}k | speed vs anchor |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, (seconds, peak_large, peak_small, peak_medium) in results.items():
        print(f"| {name} | {args.records / seconds:,.0f} | {size / 1e6 / seconds:,.0f} | "
              f"{peak_small:,.1f} MiB | {peak_medium:,.1f} MiB | {peak_large:,.1f} MiB | {anchor_seconds / seconds:.2f}× |")
    for name, (seconds, *_) in results.items():
        if not name.startswith("anchor"):
            bench_summary.record("records", name, args.records / seconds, "zstd -dc | zstd -c", args.records / anchor_seconds, "records/s")

if __name__ == "__main__":
    main()
