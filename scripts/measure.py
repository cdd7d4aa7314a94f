#!/usr/bin/env python3
"""Runs a command and prints its wall time and the peak resident memory of its processes.

Usage: scripts/measure.py LABEL COMMAND [ARG...]
Prints `LABEL: <seconds> s wall, peak RSS <MiB> MiB` on stderr after the command, and exits
with the command's status. The peak is the largest resident set of any process the command ran
(getrusage of waited-for children), which for a make pipeline is its largest stage.
"""
import resource
import subprocess
import sys
import time

label, command = sys.argv[1], sys.argv[2:]
start = time.monotonic()
status = subprocess.call(command)
seconds = time.monotonic() - start
peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{label}: {seconds:.0f} s wall, peak RSS {peak_mib:.0f} MiB", file=sys.stderr)
sys.exit(status)
