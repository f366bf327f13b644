#!/usr/bin/env python3
"""Times commands interleaved (A, B, C, A, B, C, ...) rather than one after
the other, so that drift in the machine's load falls on all of them alike;
hyperfine runs each command's batch in turn. Prints the median, lower
quartile and fastest run of each.

Usage: scripts/bench-interleaved.py RUNS 'label=command args' ...
"""
import shlex
import statistics
import subprocess
import sys
import time

runs = int(sys.argv[1])
commands = [arg.split("=", 1) for arg in sys.argv[2:]]
times = {label: [] for label, _ in commands}
for _ in range(runs):
    for label, command in commands:
        start = time.perf_counter()
        subprocess.run(shlex.split(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[label].append(time.perf_counter() - start)
for label, t in times.items():
    t.sort()
    print(f"{label}: median {statistics.median(t) * 1e3:.2f} ms, "
          f"p25 {t[len(t) // 4] * 1e3:.2f} ms, fastest {t[0] * 1e3:.2f} ms")
