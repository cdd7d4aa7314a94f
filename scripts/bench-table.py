#!/usr/bin/env python3
"""Prints the figures the benchmarks noted (scripts/bench_summary.py) as one Markdown table.

Usage: scripts/bench-table.py SUMMARY.jsonl
"""
import json
import sys


def cell(text):
    return str(text).replace("|", "\\|")


def number(value):
    return f"{value:,.0f}" if value >= 100 else f"{value:,.2f}"


rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
print("| stage | measure | ours | anchor | anchor's | ratio |")
print("|---|---|---:|---|---:|---:|")
for r in rows:
    print(f"| {cell(r['stage'])} | {cell(r['measure'])} | {number(r['ours'])} {r['unit']} | {cell(r['anchor'])} | "
          f"{number(r['anchor_value'])} {r['unit']} | {r['ratio']:.2f}× |")
