#!/usr/bin/env python3
"""Writes bench/RESULTS.md from bench/run's results (one JSON object per line)."""
import json
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone

results_file, out, duration, threads, connections, depth = sys.argv[1:7]
r = {}
for line in open(results_file):
    item = json.loads(line)
    r[item["name"]] = item


def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()


cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip() or platform.processor()
mem_gb = int(sh("awk '/MemTotal/{print $2}' /proc/meminfo") or 0) / 1024 / 1024
java = sh("java -version 2>&1 | head -1")
pg = r["load"]["pg_version"] + " (embedded, zonky)"
commit = sh("git rev-parse --short HEAD")
dirty = " (with uncommitted changes)" if sh("git status --porcelain -- src bench pom.xml") else ""


def f(x, digits=0):
    return f"{float(x):,.{digits}f}"


rows = []


def row(label, name, reference=None, ratio=None, target="", met=None):
    m = r[name]
    rows.append((label, f(m["rps"]), f(m["p50"], 2), f(m["p99"], 2), reference or "", ratio or "", target,
                 "" if met is None else ("met" if met else "**missed**")))


ceiling, page, peer = r["ceiling"], r["page20"], r["json_server"]
row("Ceiling: `GET /q/health/live`", "ceiling")
row("`GET /v1/questions?limit=20`", "page20", "json-server", f"{page['rps'] / peer['rps']:.1f}x", ">= 5x json-server",
    page["rps"] >= 5 * peer["rps"])
row("Filtered: `?category=caching&difficulty=senior&limit=20`", "filtered", "page of 20", f"{r['filtered']['rps'] / page['rps']:.0%}")
row("The page of 20 answered `304` (`If-None-Match`)", "not_modified", "ceiling", f"{r['not_modified']['rps'] / ceiling['rps']:.0%}",
    ">= 80% of the ceiling", r["not_modified"]["rps"] >= 0.8 * ceiling["rps"])
row("Peer: json-server 0.17.4, `?_page=1&_limit=20` of the same 40", "json_server")
first, deep = r["first_page"], r["deep_page"]
row("`GET /v1/attempts?limit=20`, first page (learner with ~950k attempts)", "first_page")
row(f"The same, a page {int(depth):,} rows deep (cursor)", "deep_page", "first page, p50", f"{deep['p50'] / first['p50']:.2f}x",
    "p50 <= 1.5x the first page's", deep["p50"] <= 1.5 * first["p50"])
row(f"SQL only: keyset seek at {int(depth):,} rows (pgbench, 1 client)", "sql_keyset")
row(f"SQL only: `OFFSET {int(depth):,}` (not offered by the API)", "sql_offset", "SQL keyset, p50",
    f"{r['sql_offset']['p50'] / r['sql_keyset']['p50']:,.0f}x slower")
post = r["post_unique"]
row("`POST /v1/attempts`, a new `Idempotency-Key` each", "post_unique", "", "", ">= 1,000/s on 2 cores", post["rps"] >= 1000)
row("`POST /v1/attempts`, replays of one key", "post_replay", "new keys", f"{r['post_replay']['rps'] / post['rps']:.1f}x")
off = r["limiter_off"]
row("Rate limiter off: `GET /v1/questions/1`", "limiter_off")
row("Rate limiter, buckets in memory", "limiter_memory", "limiter off", f"{r['limiter_memory']['rps'] / off['rps']:.0%}")
row("Rate limiter, buckets in Redis", "limiter_redis", "limiter off", f"{r['limiter_redis']['rps'] / off['rps']:.0%}")

startup, memory, load = r["startup"], r["memory"], r["load"]
cold_s, warm_s = int(startup["cold_ms"]) / 1000, int(startup["warm_ms"]) / 1000
rss_mb = int(memory["rss_kb"]) / 1024
bad = {k: v["non_2xx_3xx"] for k, v in r.items() if int(v.get("non_2xx_3xx", 0) or 0) > 0}

with open(out, "w") as md:
    md.write("# Benchmark results\n\n")
    md.write(f"Written by `bench/run` on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC at commit {commit}{dirty}. "
             f"The service runs as the README runs it (`java {os.environ.get('JAVA_OPTS', '')} -jar ...`). "
             f"Machine: {os.cpu_count()} cores ({cpu}), {mem_gb:.0f} GiB RAM; {java}; {pg}. wrk, the service, its "
             "embedded PostgreSQL (durable: fsync and synchronous_commit on), json-server and Redis all share these "
             "cores, so the ratios (taken within this one run) mean more than the absolute numbers.\n\n")
    md.write(f"Data set: {int(load['attempts']):,} attempts over {int(load['users']):,} users and {int(load['questions']):,} "
             f"questions, generated in SQL (`bench/data.sql`) in {int(load['load_ms']) / 1000:.1f} s (target: under 3 minutes: "
             f"{'met' if int(load['load_ms']) < 180000 else '**missed**'}).\n\n")
    md.write(f"`wrk -t{threads} -c{connections} -d{duration} --latency`, each after an uncounted warm-up; pgbench rows: one client "
             "for 10 s, straight to PostgreSQL.\n\n")
    md.write("| Scenario | Requests/s | p50 (ms) | p99 (ms) | Reference | Ratio | Target | |\n|---|---:|---:|---:|---|---:|---|---|\n")
    for cells in rows:
        md.write("| " + " | ".join(cells) + " |\n")
    md.write(f"| Start-up to ready, cold (initdb + migrations) | | {f(cold_s, 2)} s | | | | <= 5 s | "
             f"{'met' if cold_s <= 5 else '**missed**'} |\n")
    md.write(f"| Start-up to ready, warm (existing data) | | {f(warm_s, 2)} s | | | | <= 5 s | {'met' if warm_s <= 5 else '**missed**'} |\n")
    md.write(f"| Resident memory of the JVM after the load | | {rss_mb:.0f} MB | | | | <= 350 MB | {'met' if rss_mb <= 350 else '**missed**'} |\n\n")
    md.write(f"Also measured: the embedded PostgreSQL's processes held {int(memory['pg_rss_kb']) / 1024:.0f} MB RSS (shared buffers "
             f"counted once per process, so this overstates it); walking {int(depth):,} rows through the API to get the deep "
             f"cursor took {r['walk']['seconds']} s (100 a page); a replayed POST answered `Idempotent-Replayed: "
             f"{r['replay_check']['replayed']}`.\n")
    if bad:
        md.write(f"\nResponses other than 2xx/3xx during the run: {bad}.\n")
    md.write("\nThe raw wrk output of each scenario is printed by `bench/run` as it goes; the query plans behind these "
             "numbers are in [`EXPLAIN.md`](EXPLAIN.md).\n")
