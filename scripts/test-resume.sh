#!/usr/bin/env bash
# End-to-end resume test of the make pipeline, run by `make test`: a small demo-shaped run
# (SmolLM2 answers and is probed, two sets, a few templates) is done once without interruption and
# once killed with SIGKILL in the middle of `ask` and again in the middle of `probe`, then
# completed by plain `make` reruns. Passes when both runs hold the same records (answers compared
# without their wall-clock latency) and every record finished before a kill is still there,
# byte for byte: a rerun redoes no finished record.
# Usage: scripts/test-resume.sh [CONFIG]   (default debug; the binaries must be built)
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-debug}
work=$(mktemp -d "${TMPDIR:-/tmp}/dualeval-resume.XXXXXX")
group=
cleanup() { [ -n "$group" ] && kill -9 -- "-$group" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
say() { echo "test-resume: $*" >&2; }

settings=(CONFIG="$config" DEMO_MODELS=smollm2-135m DEMO_PROBED=smollm2-135m "DEMO_SETS=Q_KR_ko Q_JB_su"
  DEMO_MAX_TOKENS=6 SAMPLE=5 SEED=3)
targets=(demo-answers demo-scores demo-neurons)
pipeline() { make --no-print-directory -s "${targets[@]}" WORK="$1" "${settings[@]}" > /dev/null; }

# records FILE: the complete JSON lines a (possibly truncated) zstd file holds.
records() {
  { zstd -dcq "$1" 2>/dev/null || true; } | python3 -c '
import sys
lines = sys.stdin.buffer.read().split(b"\n")[:-1]   # the last piece is empty or a cut-off record
sys.stdout.buffer.write(b"".join(line + b"\n" for line in lines))'
}

# kill_when DIR MIN: runs the pipeline on DIR in its own process group and SIGKILLs the whole
# group once some .part file under DIR/stage holds at least MIN records; saves those records.
kill_when() {
  local dir=$1 stage=$2 min=$3
  setsid make --no-print-directory -s "${targets[@]}" WORK="$dir" "${settings[@]}" > /dev/null 2>&1 &
  group=$!
  local part=
  for _ in $(seq 1 600); do
    for f in "$dir/$stage"/*/*/*.part; do
      [ -f "$f" ] && [ "$(records "$f" | wc -l)" -ge "$min" ] && part=$f && break
    done
    [ -n "$part" ] && break
    kill -0 "$group" 2>/dev/null || { say "the run ended before $stage wrote $min records"; exit 1; }
    sleep 0.2
  done
  [ -n "$part" ] || { say "timed out waiting for $stage"; exit 1; }
  kill -9 -- "-$group"
  wait "$group" 2>/dev/null || true
  group=
  records "$part" > "$work/kept-$stage"
  say "killed during $stage with $(wc -l < "$work/kept-$stage") records in $(basename "$part")"
}

make --no-print-directory -s questions WORK="$work/a" CONFIG="$config" SAMPLE=5 SEED=3 > /dev/null
pipeline "$work/a"
make --no-print-directory -s questions WORK="$work/b" CONFIG="$config" SAMPLE=5 SEED=3 > /dev/null
kill_when "$work/b" answers 2
kill_when "$work/b" neurons 1
pipeline "$work/b"

python3 - "$work" <<'PY'
import json, pathlib, subprocess, sys
work = pathlib.Path(sys.argv[1])
def load(path):
    out = subprocess.run(["zstd", "-dcq", str(path)], capture_output=True, check=True).stdout
    return out.decode().splitlines()
def comparable(line):
    record = json.loads(line)
    record.pop("latency_ms", None)
    return json.dumps(record, sort_keys=True)
files = sorted(p.relative_to(work / "a") for stage in ("answers", "scores", "neurons") for p in (work / "a" / stage).rglob("*.jsonl.zst"))
assert files, "the uninterrupted run wrote nothing"
final = {}
for rel in files:
    a, b = load(work / "a" / rel), load(work / "b" / rel)
    assert sorted(map(comparable, a)) == sorted(map(comparable, b)), f"{rel}: records differ after resuming"
    assert len(b) == len(set(b)), f"{rel}: duplicated records"
    final[rel.parts[0]] = final.get(rel.parts[0], set()) | set(b)
leftover = list((work / "b").rglob("*.part"))
assert not leftover, f"partial files left: {leftover}"
for stage in ("answers", "neurons"):
    kept = (work / f"kept-{stage}").read_text().splitlines()
    missing = [line for line in kept if line not in final[stage]]
    assert kept and not missing, f"{stage}: {len(missing)} records finished before the kill were redone or lost"
print(f"test-resume: {len(files)} files identical to the uninterrupted run; records finished before each kill kept byte for byte")
PY
