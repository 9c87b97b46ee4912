#!/usr/bin/env python3
"""Writes bench/RESULTS.md from bench/run's results (one JSON object per line), then appends bench/results-notes.md
(the hand-written part: what was investigated and changed, with before/after figures)."""
import json
import os
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


cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip() or "unknown CPU"
mem_gib = int(sh("awk '/MemTotal/{print $2}' /proc/meminfo") or 0) / 1024 / 1024
java = sh("java -version 2>&1 | head -2 | tr '\\n' ' '")
pg = r["load"]["pg_version"]
# The commit the run measured (recorded when it started; a report rewritten later from RESULTS.jsonl keeps it).
commit = r["source"]["commit"] if "source" in r else sh("git rev-parse --short HEAD")
dirty = (" (with uncommitted changes)" if r["source"]["dirty"] == "yes" else "") if "source" in r else \
    (" (with uncommitted changes)" if sh("git status --porcelain -- src bench pom.xml") else "")
depth = int(depth)


def num(x, digits=0):
    return f"{float(x):,.{digits}f}"


rows = []


def verdict(ok):
    return "met" if ok else "**missed**"


def row(label, name, reference="", ratio="", target="", met=None):
    m = r[name]
    rows.append((label, num(m["rps"]), num(m["p50"], 2) + " ms", num(m["p99"], 2) + " ms",
                 f"{ratio} {reference}".strip() if ratio else "", target, "" if met is None else verdict(met)))


def plain(label, value, target="", met=None, p50="", p99=""):
    rows.append((label, value, p50, p99, "", target, "" if met is None else verdict(met)))


ceiling, page, peer = r["ceiling"], r["page20"], r["json_server"]
row("Ceiling: `GET /q/health/live`", "ceiling", "reference of the 304 row")
row("`GET /v1/questions?limit=20`", "page20", "json-server's requests/s", f"{page['rps'] / peer['rps']:.1f}x",
    ">= 5x json-server", page["rps"] >= 5 * peer["rps"])
row("Filtered page: `?category=caching&difficulty=senior&limit=20`", "filtered", "the page of 20",
    f"{r['filtered']['rps'] / page['rps']:.0%} of")
nm = r["not_modified"]
row("The page of 20 answered `304` (`If-None-Match`)", "not_modified", "the ceiling", f"{nm['rps'] / ceiling['rps']:.0%} of",
    ">= 80% of the ceiling", nm["rps"] >= 0.8 * ceiling["rps"])
row("Peer: json-server 0.17.4, `/questions?_page=1&_limit=20` (the same 40)", "json_server")
if "page20_fit" in r:
    row(f"The page of 20 while a {int(r['fit_alone']['answers']):,}-answer learner's FSRS-6 fits run back to back",
        "page20_fit", "the page of 20", f"{r['page20_fit']['rps'] / page['rps']:.0%} of")
    fit_s = int(r["fit_alone"]["ms"]) / 1000
    plain(f"One FSRS-6 fit of {int(r['fit_alone']['answers']):,} answers (job started to finished, no other load)",
          f"{fit_s:.1f} s", "< 60 s", r["fit_alone"]["status"] == "succeeded" and fit_s < 60)
first, deep = r["first_page"], r["deep_page"]
row(f"`GET /v1/attempts?limit=20`, first page (learner with {int(r['load']['heavy']):,} attempts)", "first_page")
row(f"The same, {depth:,} rows deep (a real cursor)", "deep_page", "the first page's p50", f"{deep['p50'] / first['p50']:.2f}x",
    "p50 <= 1.5x the first page's", deep["p50"] <= 1.5 * first["p50"])
row(f"SQL only: the keyset page at {depth:,} rows (pgbench, 1 client)", "sql_keyset")
row(f"SQL only: `OFFSET {depth:,}`, not offered by the API (pgbench, 1 client)", "sql_offset", "the SQL keyset p50",
    f"{r['sql_offset']['p50'] / r['sql_keyset']['p50']:,.0f}x")
post = r["post_unique"]
if "post_early" in r:
    row("`POST /v1/attempts`, a new `Idempotency-Key` each, after the usual JIT warm-up", "post_early")
row("`POST /v1/attempts`, a new `Idempotency-Key` each" + (f", after {r['write_warmup']['duration']} more of writes"
    if "write_warmup" in r else ""), "post_unique", "", "", ">= 1,000/s on 2 cores", post["rps"] >= 1000)
row("`POST /v1/attempts`, replays of one key", "post_replay", "new keys", f"{r['post_replay']['rps'] / post['rps']:.1f}x")
off = r["limiter_off"]
row("Rate limiter off: `GET /v1/questions/1`", "limiter_off", "reference of the two below")
row("Rate limiter, buckets in memory", "limiter_memory", "limiter off", f"{r['limiter_memory']['rps'] / off['rps']:.0%} of")
row("Rate limiter, buckets in Redis", "limiter_redis", "limiter off", f"{r['limiter_redis']['rps'] / off['rps']:.0%} of")

startup, memory, load = r["startup"], r["memory"], r["load"]
cold_s, warm_s = int(startup["cold_ms"]) / 1000, int(startup["warm_ms"]) / 1000
plain("Start-up to ready, cold (initdb + migrations)", f"{cold_s:.2f} s", "<= 5 s", cold_s <= 5)
plain("Start-up to ready, warm (the same data directory)", f"{warm_s:.2f} s", "<= 5 s", warm_s <= 5)
rss_mb = int(memory["rss_kb"]) / 1024
plain("Resident memory (VmRSS) of the JVM after the load", f"{rss_mb:.0f} MB", "<= 350 MB", rss_mb <= 350)
plain("The embedded PostgreSQL after the load (Pss, informational)", f"{int(memory['pg_pss_kb']) / 1024:.0f} MB")
load_s = int(load["load_ms"]) / 1000
plain(f"Synthetic data set generated in SQL ({int(load['attempts']):,} attempts)", f"{load_s:.1f} s", "< 3 minutes", load_s < 180)

checks = {k: v for k, v in r.items() if int(v.get("non_2xx_3xx", 0) or 0) > 0}
table = ["| Scenario | Requests/s | p50 | p99 | Ratio to its reference | Target | |",
         "|---|---:|---:|---:|---|---|---|"] + ["| " + " | ".join(cells) + " |" for cells in rows]

java_opts = r.get('source', {}).get('java_opts') or os.environ.get('JAVA_OPTS', '')


def argument_file(path):
    """The options of a java @argument file (one or more per line, # to the end of the line a comment)."""
    with open(path) as f:
        return [option.strip('"') for line in f for option in line.split('#', 1)[0].split()]


expanded = [o for word in java_opts.split() for o in (argument_file(word[1:]) if word.startswith('@') and os.path.isfile(word[1:]) else [])]
expanded_opts = f": `{' '.join(expanded)}`" if expanded else ""

with open(out, "w") as md:
    md.write("# Benchmark results\n\n")
    md.write(f"Written by `bench/run` on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC at commit `{commit}`{dirty}, "
             f"in {int(r['run']['seconds']) // 60} min {int(r['run']['seconds']) % 60} s (build included).\n\n")
    md.write(f"- **Machine**: {os.cpu_count()} cores ({cpu}), {mem_gib:.1f} GiB RAM; {java.strip()}; "
             f"{pg} (the embedded default, zonky; durable: fsync and synchronous_commit on).\n")
    md.write(f"- **Load average** (1, 5, 15 min) before the run: {startup['load_before']}; after: {r['run']['load_after']}. "
             "wrk, the service, its PostgreSQL, json-server and Redis all share these cores, so the ratios (taken within "
             "this one run) mean more than the absolute numbers.\n")
    md.write(f"- **wrk**: `wrk -t{threads} -c{connections} -d{duration} --latency` per row, each after an uncounted "
             "warm-up (and a longer JIT warm-up per family of endpoints). SQL rows: pgbench, one client, 10 s, straight to "
             "PostgreSQL, p50/p99 from its per-transaction log. The service runs as the README's run command starts it "
             f"(`MALLOC_ARENA_MAX=2 java {java_opts} -jar`{expanded_opts}) with "
             "its default logging (one JSON access line per request, to a file).\n")
    md.write(f"- **Data set** (`bench/data.sql`): {int(load['questions']):,} questions, {int(load['users']):,} users, "
             f"{int(load['attempts']):,} attempts ({int(load['heavy']):,} of them one learner's, signed up through the API), "
             f"generated with `generate_series` in {load_s:.1f} s, then `ANALYZE`.\n\n")
    md.write("\n".join(table) + "\n\n")
    md.write("Details:\n\n")
    md.write(f"- Start-up phases (from the service's log): cold: {startup['cold_phases']}; warm: {startup['warm_phases']}. "
             "Quarkus's \"started in\" counts from `Quarkus.run`, after the embedded PostgreSQL is up. Later warm starts "
             f"(the limiter rows' instances): " + ", ".join(
                 f"{k.removeprefix('startup_limiter_')} {int(v['warm_ms']) / 1000:.2f} s" for k, v in r.items()
                 if k.startswith("startup_limiter_")) + ".\n")
    md.write(f"- Memory: JVM VmRSS {rss_mb:.0f} MB, peak (VmHWM) {int(memory['hwm_kb']) / 1024:.0f} MB; heap: "
             f"{memory['heap']}. PostgreSQL: {memory['pg_procs']} processes, Pss {int(memory['pg_pss_kb']) / 1024:.0f} MB "
             "(shared buffers counted once).\n")
    md.write(f"- The heavy learner's review queue (`/v1/users/me/due`) answered HTTP {r['heavy_due']['status']} in "
             f"{float(r['heavy_due']['seconds']):.2f} s and their progress (`/v1/users/me/progress`) HTTP "
             f"{r['heavy_progress']['status']} in {float(r['heavy_progress']['seconds']):.2f} s (one request each; the queue reads "
             "the learner's FSRS-6 cards once FsrsMigration has moved them, progress the per-learner aggregates of V34: "
             "neither reads the learner's attempts; see EXPLAIN.md).\n")
    md.write(f"- The deep cursor was obtained by walking the API, 100 rows a page, through {depth:,} rows, in "
             f"{r['walk']['seconds']} s.\n")
    md.write(f"- POST statuses seen by wrk: new keys {post.get('statuses', '?')}; replays "
             f"{r['post_replay'].get('statuses', '?')}, of which {r['post_replay'].get('replayed', '?')} carried "
             f"`Idempotent-Replayed: true` (409s are requests that arrived while the first request with that key was "
             f"still running); a replay checked with curl afterwards answered `Idempotent-Replayed: "
             f"{r['replay_check']['replayed']}`.\n")
    if "fits_under_load" in r:
        md.write(f"- FSRS-6 fits that completed while the page of 20 was measured under load: "
                 f"{r['fits_under_load']['count']} (ms each: {r['fits_under_load']['ms'] or 'none'}); they run on the "
                 "scheduler's one fit thread, outside any transaction.\n")
    if checks:
        md.write("- Responses other than 2xx/3xx: " + ", ".join(f"{k} {v['non_2xx_3xx']}" for k, v in checks.items()) + ".\n")
    else:
        md.write("- No response other than 2xx/3xx in any row.\n")
    md.write("\nThe query plans behind these numbers: [`EXPLAIN.md`](EXPLAIN.md).\n")
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results-notes.md")
    if os.path.exists(notes):
        md.write("\n" + open(notes).read())
