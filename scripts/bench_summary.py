"""The headline figures of every benchmark, collected into one table by `make bench`.

A benchmark calls `record(...)` for each figure it reports against an anchor; when the
environment variable DUALEVAL_BENCH_SUMMARY names a file, one JSON line is appended to it.
`scripts/bench-table.py` prints those lines as one Markdown table.
"""
import json
import os


def record(stage, measure, ours, anchor, anchor_value, unit, higher_is_better=True):
    """Notes `ours` against `anchor_value` (both in `unit`) for `stage`."""
    path = os.environ.get("DUALEVAL_BENCH_SUMMARY")
    if not path:
        return
    ratio = ours / anchor_value if higher_is_better else anchor_value / ours
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps({"stage": stage, "measure": measure, "ours": ours, "anchor": anchor,
                              "anchor_value": anchor_value, "unit": unit, "ratio": ratio}) + "\n")
