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
NOTES = {
    "GET /v1/questions?limit=20 (first": "Keyset on the primary key: an index scan of `questions_pkey` in number order that stops at 21 rows "
        "(one more than the page, to know whether there is a next one); no sort, whatever the size of the bank.",
    "GET /v1/questions?limit=20&cursor": "The same index scan, started at the cursor's number (`Index Cond: number > 9000`): a deep page "
        "costs what the first one costs. This is question 8's answer, in a plan.",
    "GET /v1/questions?category": "Walks `questions_pkey` in number order and filters by category and difficulty, stopping at 21 "
        "matches: with a fifth of the bank in each category that is about 5 rows read per row returned. "
        "`questions_category_number_idx (category_id, number)` serves a category filter alone when the planner prefers it.",
    "GET /v1/questions?q=cache": "The GIN index on the generated `search_vector` (`questions_search_idx`) finds the matches; only they "
        "are ranked (`ts_rank_cd`) and a top-N heapsort keeps 21; `ts_headline` runs on those 21 rows only.",
    "Authentication": "One probe of the unique index on the key's SHA-256 (`api_keys_hash_key`).",
    "GET /v1/attempts?limit=20 (a learner": "`attempts_user_id_idx (user_id, id DESC)`: ids are UUIDv7, so newest first is index order; "
        "21 index entries read, no sort.",
    "GET /v1/attempts?limit=20&cursor": "The same index, entered at the cursor (`id < ...`): the same 21 entries' worth of work 900,000 "
        "rows deep. Compare the OFFSET plan below.",
    "The same depth by OFFSET": "OFFSET must read and discard every row before the page: the same index walked for the whole depth "
        "(see `rows=` and the buffers). Its cost grows with the depth; the keyset's does not. The API does not offer it.",
    "GET /v1/users/me/due": "`DISTINCT ON (question_number)` over `attempts_user_question_idx (user_id, question_number, id DESC)` reads "
        "the latest attempt per question in index order, without a sort, but it reads every attempt of the learner: its cost "
        "grows with their history. Fine for real learners (hundreds or thousands of attempts); for this synthetic learner "
        "with ~950k it is the slowest query here. A loose index scan (a recursive CTE that jumps from question to question) "
        "would read one entry per question instead; not built yet.",
    "GET /v1/users/me/progress": "One pass with `GROUP BY ROLLUP` gives each category and the total; the learner's attempts are "
        "reached per question through `attempts_user_question_idx`, so it also reads every attempt of the learner.",
}

for title, plan in rows:
    note = next((text for prefix, text in NOTES.items() if title.startswith(prefix)), "")
    print(f"## {title}\n\n{note}\n\n```\n{plan}\n```\n")
