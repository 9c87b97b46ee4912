#!/usr/bin/env python3
"""Turns psql's output of bench/explain.sql into bench/EXPLAIN.md: each query's plan, and its headline figures."""
import re
import subprocess
import sys
from datetime import datetime, timezone

text, attempts, users, questions = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3], sys.argv[4]
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
sections = re.split(r"^-- ## ", text, flags=re.M)[1:]
print("# EXPLAIN (ANALYZE, BUFFERS) of the main queries (question 14, live)\n")
print(f"Written by `bench/run` on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC at commit {commit}, on its synthetic data "
      f"set: {int(attempts):,} attempts, {int(users):,} users, {int(questions):,} questions. The SQL is what the service "
      "issues (its Hibernate SQL log, and ReviewService's native queries), with bench/run's parameters inlined: "
      "`bench/explain.sql`. Read with `bench/RESULTS.md`; the notes under each plan say which index serves it.\n")
print("| Query | Execution time | Shared buffers hit / read |\n|---|---:|---:|")
rows = []
for section in sections:
    title, _, plan = section.partition("\n")
    execution = re.search(r"Execution Time: ([\d.]+) ms", plan)
    hit = re.search(r"Buffers: shared hit=(\d+)(?: read=(\d+))?", plan)
    rows.append((title.strip(), plan.rstrip()))
    print(f"| {title.strip()} | {execution.group(1) if execution else '?'} ms | "
          f"{hit.group(1) if hit else '0'} / {hit.group(2) or '0' if hit else '0'} |")
print()
for title, plan in rows:
    print(f"## {title}\n\n```\n{plan}\n```\n")
