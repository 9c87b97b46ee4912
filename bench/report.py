#!/usr/bin/env python3
"""Writes bench/RESULTS.md from bench/run's results (one JSON object per line), then appends bench/results-notes.md
(the hand-written part: what was investigated and changed, with before/after figures)."""
import json
import os
import re
import subprocess
import sys
from datetime import datetime, timezone

results_file, out, duration, threads, connections, depth = sys.argv[1:7]
r = {}
for line in open(results_file):
    item = json.loads(line)
    if "rps" in item and float(item["rps"]) == 0:
        item["rps"] = 1e-9  # a row that served nothing: its ratios show as 0% or huge, never a ZeroDivisionError
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
row("Ceiling: `GET /q/health/live` (management port, none of the API's filters)", "ceiling",
    "reference of the page of 20 and its 304")
row("`GET /v1/questions?limit=20`", "page20", "the ceiling", f"{page['rps'] / ceiling['rps']:.0%} of",
    ">= 85% of the ceiling", page["rps"] >= 0.85 * ceiling["rps"])
row("Filtered page: `?category=caching&difficulty=senior&limit=20`", "filtered", "the page of 20",
    f"{r['filtered']['rps'] / page['rps']:.0%} of")
nm = r["not_modified"]
row("The page of 20 answered `304` (`If-None-Match`)", "not_modified", "the ceiling", f"{nm['rps'] / ceiling['rps']:.0%} of",
    ">= 90% of the ceiling", nm["rps"] >= 0.9 * ceiling["rps"])
row("Peer: json-server 0.17.4, `/questions?_page=1&_limit=20` (the same 40)", "json_server", "",
    f"the page of 20 = {page['rps'] / peer['rps']:.1f}x this", "page of 20 >= 5x this", page["rps"] >= 5 * peer["rps"])
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
heavy_n, light_n = int(r["load"]["heavy"]), int(r["load"].get("light", 0))
for path, what in (("progress", "progress"), ("due", "review queue")):
    h, lt = r[f"{path}_heavy"], r[f"{path}_light"]
    row(f"`GET /v1/users/me/{path}`, the {what} of the learner with {light_n:,} attempts", f"{path}_light",
        f"reference of the next row")
    row(f"The same, the learner with {heavy_n:,} attempts", f"{path}_heavy", "the light learner's p50",
        f"{h['p50'] / lt['p50']:.2f}x", "p50 <= 2x the light learner's", h["p50"] <= 2 * lt["p50"])
post = r["post_unique"]
insert = r["sql_insert"]
if "post_early" in r:
    row("`POST /v1/attempts`, a new `Idempotency-Key` each, after the usual JIT warm-up", "post_early")
row("`POST /v1/attempts`, a new `Idempotency-Key` each" + (f", after {r['write_warmup']['duration']} more of writes"
    if "write_warmup" in r else ""), "post_unique", "pgbench's INSERT rate (next row)",
    f"{post['rps'] / insert['rps']:.0%} of", ">= 25% of pgbench's INSERT rate", post["rps"] >= 0.25 * insert["rps"])
row(f"SQL only: durable single-row `INSERT` (pgbench, {int(insert['clients'])} clients, fsync {insert.get('fsync', '?')}, "
    f"synchronous_commit {insert.get('synchronous_commit', '?')})", "sql_insert", "reference of the row above")
row("`POST /v1/attempts`, replays of one key", "post_replay", "new keys", f"{r['post_replay']['rps'] / post['rps']:.1f}x")
if "post_twins" in r:
    half = int(connections) // 2
    row(f"Two instances on one PostgreSQL: the page of 20 (two wrk at once, {half} connections each; p50/p99 the worse "
        "wrk's)", "page20_twins", "the one-instance row", f"{r['page20_twins']['rps'] / page['rps']:.2f}x")
    row(f"Two instances on one PostgreSQL: `POST /v1/attempts`, new keys (two wrk at once, {half} connections each)",
        "post_twins", "the one-instance row", f"{r['post_twins']['rps'] / post['rps']:.2f}x")
off = r["limiter_off"]
row("Rate limiter off: `GET /v1/questions/1` (an instance of its own)", "limiter_off", "reference of the two below")
row("Rate limiter, buckets in memory", "limiter_memory", "limiter off", f"{r['limiter_memory']['rps'] / off['rps']:.0%} of",
    ">= 95% of off", r["limiter_memory"]["rps"] >= 0.95 * off["rps"])
row("Rate limiter, buckets in Redis", "limiter_redis", "limiter off", f"{r['limiter_redis']['rps'] / off['rps']:.0%} of",
    ">= 85% of off", r["limiter_redis"]["rps"] >= 0.85 * off["rps"])

startup, memory, load = r["startup"], r["memory"], r["load"]
cold_s, warm_s = int(startup["cold_ms"]) / 1000, int(startup["warm_ms"]) / 1000


def phase(phases, key):
    """A phase's seconds from phases()'s text ("initdb 0.47 s, postmaster 0.22 s, ..."); 0 when it is missing."""
    m = re.search(rf"\b{key} ([\d.]+) s", phases)
    return float(m.group(1)) if m else 0.0


bare_s = int(startup["bare_ms"]) / 1000
initdb_s, cold_pm_s, warm_pm_s = (phase(startup["cold_phases"], "initdb"), phase(startup["cold_phases"], "postmaster"),
                                  phase(startup["warm_phases"], "postmaster"))
cold_ref, warm_ref = bare_s + initdb_s + cold_pm_s, bare_s + warm_pm_s
rows.append(("Start-up to ready, cold (initdb + migrations)", f"{cold_s:.2f} s", "", "",
             f"{cold_s / cold_ref:.2f}x the bare application + initdb + postmaster ({bare_s:.2f} + {initdb_s:.2f} + "
             f"{cold_pm_s:.2f} = {cold_ref:.2f} s)", "<= 1.5x", verdict(cold_s <= 1.5 * cold_ref)))
rows.append(("Start-up to ready, warm (the same data directory)", f"{warm_s:.2f} s", "", "",
             f"{warm_s / warm_ref:.2f}x the bare application + postmaster ({bare_s:.2f} + {warm_pm_s:.2f} = "
             f"{warm_ref:.2f} s)", "<= 1.5x", verdict(warm_s <= 1.5 * warm_ref)))
plain(f"The bare Quarkus REST application (`bench/bare`) to its first 200, median of {len(startup['bare_all_ms'].split())}",
      f"{bare_s:.2f} s")
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
             "warm-up (and a longer JIT warm-up per family of endpoints). SQL rows: pgbench, 10 s, straight to PostgreSQL "
             f"(one client; the INSERT row {connections}, as many as wrk's connections), p50/p99 from its per-transaction "
             "log. The service runs as the README's run command starts it "
             f"(`MALLOC_ARENA_MAX=2 java {java_opts} -jar`{expanded_opts}) with "
             "its default logging (one JSON access line per request, to a file) and **the rate limiter on** (its default "
             "store, memory; every policy's quota raised so that nothing is refused): every row of the main instance "
             "pays for it. The limiter rows run instances of their own (off, memory, Redis).\n")
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
    md.write(f"- The bare application (`bench/bare`: Quarkus 3.33.2, quarkus-rest only, one `GET /hello`) started "
             f"{len(startup['bare_all_ms'].split())} times, interleaved with the service's two starts: "
             f"{', '.join(startup['bare_all_ms'].split())} ms, with the service's JVM options without its class-data-sharing "
             f"archive (`{startup['bare_opts']}`, `MALLOC_ARENA_MAX=2`): the archive is the service's own classes and "
             "class path and does not apply to another application. initdb and postmaster are the embedded PostgreSQL's "
             "own timings from the service's log (cold: initdb + postmaster; warm: postmaster).\n")
    mig = r.get("migration")
    if mig:
        md.write(f"- Progress and the review queue: the heavy and the light learner (signed up through the API, attempts "
                 f"loaded in SQL) were moved to FSRS-6 by the service's FsrsMigration before any row was measured "
                 f"({mig['seconds']} s for every loaded learner; {mig['pending']} still pending; FSRS-6 cards: heavy "
                 f"{int(mig['heavy_cards']):,}, light {int(mig['light_cards']):,}). The queue reads those cards, progress "
                 "the per-learner aggregates of V34; neither reads the learner's attempts (EXPLAIN.md). Each is measured "
                 "with wrk like the other rows (until 2026-12-05, one curl request each, the heavy learner only).\n")
    md.write(f"- The deep cursor was obtained by walking the API, 100 rows a page, through {depth:,} rows, in "
             f"{r['walk']['seconds']} s.\n")
    md.write(f"- POST statuses seen by wrk: new keys {post.get('statuses', '?')}; replays "
             f"{r['post_replay'].get('statuses', '?')}, of which {r['post_replay'].get('replayed', '?')} carried "
             f"`Idempotent-Replayed: true` (409s are requests that arrived while the first request with that key was "
             f"still running); a replay checked with curl afterwards answered `Idempotent-Replayed: "
             f"{r['replay_check']['replayed']}`."
             + (f" Two instances' POST: {r['post_twins'].get('statuses', '?')}." if "post_twins" in r else "") + "\n")
    md.write(f"- The `INSERT` reference: pgbench `-c {int(insert['clients'])} -j {min(int(insert['clients']), int(threads))} "
             "-T 10`, on the main instance's embedded PostgreSQL right after the POST row, one single-row `INSERT` per "
             "transaction (autocommit) into a scratch table shaped like an attempt (identity key, uuid, int, two texts, "
             f"int, timestamptz; created and dropped by the run); `fsync` {insert.get('fsync', '?')}, "
             f"`synchronous_commit` {insert.get('synchronous_commit', '?')}, `wal_sync_method` "
             f"{insert.get('wal_sync_method', '?')}.\n")

    def where(name, label):
        m = r.get(name)
        if not m or "cpu_pg_s" not in m:
            return ""
        n = int(m["requests"])
        jvms = [float(x) for x in str(m.get("cpu_jvm_s", "")).split(",") if x]
        pg_s, busy, total = float(m["cpu_pg_s"]), float(m["cpu_machine_busy_s"]), float(m["cpu_machine_s"])
        other = busy - pg_s - sum(jvms)
        per = lambda sec: f"{sec * 1000 / n:.2f} ms"
        parts = [f"JVM{'s' if len(jvms) > 1 else ''} {' + '.join(f'{j:.1f}' for j in jvms)} s ({per(sum(jvms))}/request)"] if jvms else []
        parts += [f"PostgreSQL {pg_s:.1f} s ({per(pg_s)})", f"the rest of the machine (wrk, others) {other:.1f} s ({per(other)})",
                  f"machine busy {busy:.1f} of {total:.1f} CPU-s ({busy / total:.0%})"]
        return f"{label}, {n:,} requests: " + "; ".join(parts)

    cpu_lines = [x for x in (where("post_unique", "one instance's POST"), where("post_twins", "two instances' POST"),
                             where("sql_insert", "pgbench's INSERT")) if x]
    if cpu_lines:
        md.write("- Where the time goes (CPU seconds over the measured 10 s, from `/proc`: each JVM's utime+stime, "
                 "PostgreSQL's postmaster with its children, the machine's busy time; per request in brackets): "
                 + "; ".join(cpu_lines) + ".\n")
    if "post_wal" in r and int(r["post_wal"]["attempts"]) > 0:
        w = r["post_wal"]
        md.write(f"- What a POST writes: {int(w['bytes']) / int(w['attempts']):,.0f} bytes of WAL per recorded attempt "
                 f"({int(w['attempts']):,} attempts recorded over the POST row and its warm-up, {int(w['bytes']) / 1048576:,.1f} MB of WAL).\n")
    if "sizes" in r:
        z = r["sizes"]
        per = lambda b, n: f"{int(b) / max(int(n), 1):,.0f} bytes each"
        md.write(f"- Space: attempts {int(z['attempts']):,} rows, table {int(z['attempts_table']) / 1048576:,.0f} MB + "
                 f"indexes {int(z['attempts_indexes']) / 1048576:,.0f} MB "
                 f"({per(int(z['attempts_table']) + int(z['attempts_indexes']), z['attempts'])}); FSRS-6 cards "
                 f"{int(z['cards']):,} ({per(z['cards_bytes'], z['cards'])}); learner_question_stats {int(z['stats']):,} "
                 f"({per(z['stats_bytes'], z['stats'])}); learner_days {int(z['days']):,} ({per(z['days_bytes'], z['days'])}), "
                 "indexes included.\n")
    if "startup_twin" in r:
        md.write(f"- The second instance (datasource URL set to the main instance's PostgreSQL, the same limiter "
                 f"settings) was ready in {int(r['startup_twin']['warm_ms']) / 1000:.2f} s; its write path was warmed "
                 f"with writes on both instances at once for {r.get('twin_write_warmup_a', {}).get('requests', '?')} + "
                 f"{r.get('twin_write_warmup_b', {}).get('requests', '?')} requests before the POST row.\n")
    if "fits_under_load" in r:
        md.write(f"- FSRS-6 fits that completed while the page of 20 was measured under load: "
                 f"{r['fits_under_load']['count']} (ms each: {r['fits_under_load']['ms'] or 'none'}); they run on the "
                 "scheduler's one fit thread, outside any transaction.\n")
    timeouts = {k: v["socket_errors"] for k, v in r.items() if "warmup" not in k
                and any(int(n) for n in re.findall(r"\d+", str(v.get("socket_errors", ""))))}
    if timeouts:
        md.write("- wrk's socket errors (a time-out is a request not answered within wrk's 2 s, not counted in "
                 "Requests/s): " + "; ".join(f"{k}: {v}" for k, v in timeouts.items()) + ".\n")
    if checks:
        md.write("- Responses other than 2xx/3xx: " + ", ".join(f"{k} {v['non_2xx_3xx']}" for k, v in checks.items()) + ".\n")
    else:
        md.write("- No response other than 2xx/3xx in any row.\n")
    md.write("\nThe query plans behind these numbers: [`EXPLAIN.md`](EXPLAIN.md).\n")
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results-notes.md")
    if os.path.exists(notes):
        md.write("\n" + open(notes).read())
