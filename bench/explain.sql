-- The main queries of the API, as the service issues them (taken from its SQL log with
-- QUARKUS_HIBERNATE_ORM_LOG_SQL=true, and from ReviewService's native SQL), with the parameters of bench/run's data
-- set inlined. bench/run runs this file and turns its output into bench/EXPLAIN.md. Each query is introduced by a
-- "-- ## title" line and a "-- why:" line that explain-md.py copies; it also lists the scans and sorts each plan
-- actually did, so a note that no longer matches its plan shows.
-- Variables: :heavy_user (a learner with ~950k attempts), :deep_id (the id of their attempt :depth rows deep).
\set ON_ERROR_STOP on
\pset pager off

\echo '-- ## GET /v1/questions?limit=20 (first page)'
\echo '-- why: Keyset pagination on the primary key: `questions_pkey` is read in `number` order and the scan stops after 21 rows (20 and one to know `has_more`); each row''s category comes from `categories_pkey` (Memoize: five categories).'
EXPLAIN (ANALYZE, BUFFERS)
select q1_0.number,q1_0.category_id,c1_0.id,c1_0.created_at,c1_0.deleted_at,c1_0.description,c1_0.name,c1_0.position,c1_0.slug,c1_0.updated_at,c1_0.version,q1_0.created_at,q1_0.deleted_at,q1_0.difficulty,q1_0.live_example,q1_0.notes,q1_0.tags,q1_0.text,q1_0.updated_at,q1_0.version from questions q1_0 join categories c1_0 on c1_0.id=q1_0.category_id where q1_0.deleted_at is null order by q1_0.number fetch first 21 rows only;

\echo '-- ## GET /v1/questions?limit=20&cursor=... (a page deep in the bank: after question 9000)'
\echo '-- why: The cursor becomes `number > 9000`: an index range scan on `questions_pkey` that starts at the cursor, so page 450 costs what page 1 does.'
EXPLAIN (ANALYZE, BUFFERS)
select q1_0.number,q1_0.category_id,c1_0.id,c1_0.created_at,c1_0.deleted_at,c1_0.description,c1_0.name,c1_0.position,c1_0.slug,c1_0.updated_at,c1_0.version,q1_0.created_at,q1_0.deleted_at,q1_0.difficulty,q1_0.live_example,q1_0.notes,q1_0.tags,q1_0.text,q1_0.updated_at,q1_0.version from questions q1_0 join categories c1_0 on c1_0.id=q1_0.category_id where q1_0.deleted_at is null and q1_0.number>9000 order by q1_0.number fetch first 21 rows only;

\echo '-- ## GET /v1/questions?category=caching&difficulty=senior&limit=20 (filtered page)'
\echo '-- why: Still `questions_pkey` in `number` order, filtering on the way (1 question in 15 matches here, so ~300 rows are read for 21); the category is resolved by slug from a 5-row table. An index on the filters would only pay for filters far more selective than these.'
EXPLAIN (ANALYZE, BUFFERS)
select q1_0.number,q1_0.category_id,c1_0.id,c1_0.created_at,c1_0.deleted_at,c1_0.description,c1_0.name,c1_0.position,c1_0.slug,c1_0.updated_at,c1_0.version,q1_0.created_at,q1_0.deleted_at,q1_0.difficulty,q1_0.live_example,q1_0.notes,q1_0.tags,q1_0.text,q1_0.updated_at,q1_0.version from questions q1_0 join categories c1_0 on c1_0.id=q1_0.category_id where q1_0.deleted_at is null and c1_0.slug='caching' and q1_0.difficulty='senior' order by q1_0.number fetch first 21 rows only;

\echo '-- ## GET /v1/questions?q=cache (full-text search, ranked)'
\echo '-- why: `questions_search_idx` (GIN on the generated `search_vector`) finds the matches; ordering by `ts_rank_cd` needs every match ranked and a top-N sort, which no index can avoid (rank depends on the query). Cost grows with the number of matches, not the table.'
EXPLAIN (ANALYZE, BUFFERS)
WITH s AS (SELECT websearch_to_tsquery('english', 'cache') AS query), hits AS (SELECT q.number, ts_rank_cd(q.search_vector, s.query) AS rank,   CASE WHEN ts_filter(q.search_vector, '{a}') @@ s.query THEN 'text'        WHEN ts_filter(q.search_vector, '{b}') @@ s.query THEN 'tags'        WHEN ts_filter(q.search_vector, '{c}') @@ s.query THEN 'notes' ELSE 'text' END AS field   FROM questions q JOIN categories c ON c.id = q.category_id, s WHERE q.search_vector @@ s.query AND q.deleted_at IS NULL) SELECT p.number, p.rank, p.field, ts_headline('english', CASE p.field WHEN 'tags' THEN qbank_tags_text(q.tags)   WHEN 'notes' THEN q.notes ELSE q.text END, s.query, 'StartSel=«, StopSel=», MaxWords=40, MinWords=20') FROM (SELECT h.* FROM hits h ORDER BY h.rank DESC, h.number ASC LIMIT 21) p JOIN questions q ON q.number = p.number, s ORDER BY p.rank DESC, p.number ASC;

\echo '-- ## Authentication: the key lookup every authenticated request makes'
\echo '-- why: The unique index on `api_keys.hash` (SHA-256 of the key): one index probe per authenticated request.'
EXPLAIN (ANALYZE, BUFFERS)
select ak1_0.id,ak1_0.user_id from api_keys ak1_0 where ak1_0.hash=sha256('qb_not-a-real-key') and ak1_0.revoked_at is null;

\echo '-- ## POST /v1/attempts: the question must exist, and the learner''s SM-2 state before the new attempt (the heavy learner, question 3)'
\echo '-- why: `questions_pkey` finds the question; `attempts_user_question_idx` (user_id, question_number, id DESC) gives the learner''s latest attempt at it as the first row of one index scan, however many attempts they have.'
EXPLAIN (ANALYZE, BUFFERS)
SELECT a.ease_after, a.interval_days_after, a.repetitions_after FROM questions q LEFT JOIN LATERAL (SELECT ease_after, interval_days_after, repetitions_after FROM attempts WHERE user_id = :'heavy_user' AND question_number = q.number ORDER BY id DESC LIMIT 1) a ON true WHERE q.number = 3 AND q.deleted_at IS NULL;

\echo '-- ## GET /v1/attempts?limit=20 (a learner with ~950k attempts, first page)'
\echo '-- why: `attempts_user_id_idx` (user_id, id DESC): the learner''s newest attempts in index order, the scan stops after 21 rows (ids are UUIDv7, so id order is time order).'
EXPLAIN (ANALYZE, BUFFERS)
select a1_0.id,a1_0.answer,a1_0.created_at,a1_0.due_at,a1_0.duration_ms,a1_0.ease_after,a1_0.ease_before,a1_0.interval_days_after,a1_0.interval_days_before,a1_0.question_number,a1_0.rating,a1_0.repetitions_after,a1_0.repetitions_before,a1_0.started_at,a1_0.user_id from attempts a1_0 where a1_0.user_id=:'heavy_user' order by a1_0.id desc fetch first 21 rows only;

\echo '-- ## GET /v1/attempts?limit=20&cursor=... (the same learner, 900,000 rows deep: keyset)'
\echo '-- why: The same index, entered at `(user_id, id < cursor)`: the same handful of buffers as the first page, whatever the depth.'
EXPLAIN (ANALYZE, BUFFERS)
select a1_0.id,a1_0.answer,a1_0.created_at,a1_0.due_at,a1_0.duration_ms,a1_0.ease_after,a1_0.ease_before,a1_0.interval_days_after,a1_0.interval_days_before,a1_0.question_number,a1_0.rating,a1_0.repetitions_after,a1_0.repetitions_before,a1_0.started_at,a1_0.user_id from attempts a1_0 where a1_0.user_id=:'heavy_user' and a1_0.id<:'deep_id' order by a1_0.id desc fetch first 21 rows only;

\echo '-- ## The same depth by OFFSET (not offered by the API: shown for contrast)'
\echo '-- why: The same index, but OFFSET must fetch and discard every row before the page (heap included): time and buffers grow linearly with the depth.'
EXPLAIN (ANALYZE, BUFFERS)
select a1_0.id,a1_0.answer,a1_0.created_at,a1_0.due_at,a1_0.duration_ms,a1_0.ease_after,a1_0.ease_before,a1_0.interval_days_after,a1_0.interval_days_before,a1_0.question_number,a1_0.rating,a1_0.repetitions_after,a1_0.repetitions_before,a1_0.started_at,a1_0.user_id from attempts a1_0 where a1_0.user_id=:'heavy_user' order by a1_0.id desc offset :depth rows fetch first 21 rows only;

\echo '-- ## GET /v1/users/me/due?limit=20 (the review queue of the learner with ~950k attempts)'
\echo '-- why: a loose index scan of `attempts_user_question_idx` (user_id, question_number, id DESC): the recursive part jumps from one attempted question to the next, the lateral part reads each one''s newest attempt, so two index probes per question attempted rather than a read of all the learner''s attempts (PostgreSQL 17 has no skip scan; DISTINCT ON read all 950,000). The never-attempted half scans the live questions.'
EXPLAIN (ANALYZE, BUFFERS)
WITH RECURSIVE attempted AS (
    (SELECT a.question_number FROM attempts a WHERE a.user_id = :'heavy_user' ORDER BY a.question_number LIMIT 1)
    UNION ALL
    SELECT (SELECT a.question_number FROM attempts a
            WHERE a.user_id = :'heavy_user' AND a.question_number > p.question_number
            ORDER BY a.question_number LIMIT 1)
    FROM attempted p WHERE p.question_number IS NOT NULL
), latest AS (
    SELECT l.question_number, l.due_at, l.interval_days_after, l.rating, l.created_at
    FROM attempted t
    CROSS JOIN LATERAL (
        SELECT a.question_number, a.due_at, a.interval_days_after, a.rating, a.created_at
        FROM attempts a
        WHERE a.user_id = :'heavy_user' AND a.question_number = t.question_number
        ORDER BY a.id DESC LIMIT 1) l
    WHERE t.question_number IS NOT NULL
), queue AS (
    SELECT 0 AS grp, l.due_at AS sort_at, l.question_number AS number,
           l.due_at, l.interval_days_after, l.rating, l.created_at
    FROM latest l
    WHERE l.due_at <= now()
    UNION ALL
    SELECT 1, TIMESTAMPTZ 'epoch', q.number, NULL, NULL, NULL, NULL
    FROM questions q
    WHERE q.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM latest l WHERE l.question_number = q.number)
)
SELECT x.number, q.text, c.slug, x.due_at, x.interval_days_after, x.rating, x.created_at
FROM queue x
JOIN questions q ON q.number = x.number AND q.deleted_at IS NULL
JOIN categories c ON c.id = q.category_id
ORDER BY x.grp ASC, x.sort_at ASC, x.number ASC
LIMIT 21;

\echo '-- ## GET /v1/users/me/progress (per category and overall, one scan with ROLLUP)'
\echo '-- why: Each question''s attempts by this learner through `attempts_user_question_idx`; all of the learner''s attempts are counted, so it is linear in the learner''s history, like the queue.'
EXPLAIN (ANALYZE, BUFFERS)
SELECT grouping(c.position) AS overall, c.slug,
       count(DISTINCT q.number) AS questions_total,
       count(DISTINCT a.question_number) AS questions_attempted,
       count(a.id) AS attempts,
       max(a.created_at) AS last_attempt_at,
       count(a.id) FILTER (WHERE a.rating = 'again') AS again,
       count(a.id) FILTER (WHERE a.rating = 'hard') AS hard,
       count(a.id) FILTER (WHERE a.rating = 'good') AS good,
       count(a.id) FILTER (WHERE a.rating = 'easy') AS easy
FROM categories c
LEFT JOIN questions q ON q.category_id = c.id AND q.deleted_at IS NULL
LEFT JOIN attempts a ON a.question_number = q.number AND a.user_id = :'heavy_user'
WHERE c.deleted_at IS NULL
GROUP BY ROLLUP ((c.position, c.slug))
ORDER BY c.position NULLS LAST;

\echo '-- ## GET /v1/users/me/progress: the day streak (the second query of the same request)'
\echo '-- why: The distinct UTC days of the learner''s attempts. This learner owns ~90% of the table, so the planner rightly prefers a sequential scan to the index; for a typical learner it is an index scan on `attempts_user_id_idx`. The sort is over the learner''s rows (distinct days need them all).'
EXPLAIN (ANALYZE, BUFFERS)
WITH days AS (
    SELECT DISTINCT CAST(created_at AT TIME ZONE 'UTC' AS date) AS day FROM attempts WHERE user_id = :'heavy_user'
), runs AS (
    SELECT max(day) AS last_day, count(*) AS length
    FROM (SELECT day, day - CAST(row_number() OVER (ORDER BY day) AS integer) AS run FROM days) numbered
    GROUP BY run
)
SELECT coalesce(max(length) FILTER (WHERE last_day >= CURRENT_DATE - 1), 0) AS current_days,
       coalesce(max(length), 0) AS longest_days
FROM runs;
