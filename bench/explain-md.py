#!/usr/bin/env python3
"""Turns psql's output of bench/explain.sql into bench/EXPLAIN.md: a summary table, then each query's plan with its
note ("-- why:") and the scans and sorts the plan really did (read from the plan, so a stale note shows)."""
import re
import subprocess
import sys
from datetime import datetime, timezone

text, attempts, users, questions = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3], sys.argv[4]
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
sections = re.split(r"^-- ## ", text, flags=re.M)[1:]


def access_paths(plan):
    paths = []
    for line in plan.splitlines():
        m = re.search(r"(Index Only Scan|Index Scan|Index Scan Backward|Bitmap Index Scan)(?: Backward)? (?:using|on) (\S+)(?: on (\S+))?", line)
        if m:
            kind = "Index Scan Backward" if "Backward" in line else m.group(1)
            paths.append(f"{kind} `{m.group(2)}`" + (f" on `{m.group(3)}`" if m.group(3) else ""))
            continue
        m = re.search(r"Seq Scan on (\S+)", line)
        if m:
            rows = re.search(r"actual time=\S+ rows=(\d+)", line)
            paths.append(f"**Seq Scan** on `{m.group(1)}`" + (f" ({int(rows.group(1)):,} rows)" if rows else ""))
            continue
        m = re.search(r"Sort Method: (.*)", line)
        if m:
            paths.append(f"Sort ({m.group(1).strip()})")
        m = re.search(r"->  (Incremental Sort|HashAggregate|GroupAggregate|Unique|Memoize|Hash Join|Merge Join|Nested Loop)", line)
        if m and m.group(1) == "Incremental Sort":
            paths.append("Incremental Sort")
    seen, unique = set(), []
    for p in paths:
        if p not in seen:
            seen.add(p)
            unique.append(p)
    return unique


print("# EXPLAIN (ANALYZE, BUFFERS) of the main queries\n")
print(f"Written by `bench/run` on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC at commit `{commit}`, on its synthetic "
      f"data set: {int(attempts):,} attempts, {int(users):,} users, {int(questions):,} questions, after `ANALYZE`. The SQL "
      "is what the service issues (copied from its Hibernate SQL log, `QUARKUS_HIBERNATE_ORM_LOG_SQL=true`, native queries "
      "included) with bench/run's parameters inlined: [`explain.sql`](explain.sql). Each plan was run once, warm (the "
      "service had just served the load), so buffers are mostly hits. Read with [`RESULTS.md`](RESULTS.md).\n")
print("| Query | Execution time | Buffers (shared hit / read) | Access paths, from the plan |\n|---|---:|---:|---|")
parts = []
for section in sections:
    title, _, body = section.partition("\n")
    why = " ".join(m.strip() for m in re.findall(r"^-- why: (.*)$", body, flags=re.M))
    plan = "\n".join(l for l in body.splitlines() if not l.startswith("-- why:")).rstrip()
    execution = re.search(r"Execution Time: ([\d.]+) ms", plan)
    top = re.search(r"Buffers: shared hit=(\d+)(?: read=(\d+))?", plan)
    paths = access_paths(plan)
    print(f"| {title.strip()} | {execution.group(1) + ' ms' if execution else '?'} | "
          f"{int(top.group(1)) if top else 0:,} / {int(top.group(2) or 0) if top else 0:,} | {'; '.join(paths)} |")
    parts.append((title.strip(), why, paths, plan))
print()
for title, why, paths, plan in parts:
    print(f"## {title}\n")
    if why:
        print(f"{why}\n")
    print(f"From the plan: {'; '.join(paths) or 'no table access'}.\n")
    print(f"```\n{plan}\n```\n")
