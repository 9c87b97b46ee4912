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

\echo '-- ## GET /v1/users/me/due?limit=20 (the review queue of the learner with ~950k attempts; FSRS-6, the default scheduler)'
\echo '-- why: The learner''s FSRS-6 cards (`review_cards`, one row per question answered, kept by every attempt in its transaction): one range of their rows (`review_cards_pkey` or `review_cards_due_idx`, both led by user_id), so the cost follows the questions they answered (at most the bank), never their attempts. The never-attempted part scans the live questions against the same cards.'
EXPLAIN (ANALYZE, BUFFERS)
WITH latest AS (
    SELECT question_number, due_at,
           CAST(floor(extract(epoch FROM due_at - last_review_at) / 86400) AS integer) AS interval_days_after,
           last_rating AS rating, last_review_at AS created_at
    FROM review_cards WHERE user_id = :'heavy_user'
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
\echo '-- why: Per-learner aggregates (`learner_question_stats`, one row per question answered, kept by statement-level triggers on `attempts` in the writing transaction, V34): the bank''s live questions joined to at most one row each, so the cost follows the size of the bank, the same for a learner with 100 attempts as for one with 950,000.'
EXPLAIN (ANALYZE, BUFFERS)
SELECT grouping(c.position) AS overall, c.slug,
       count(q.number) AS questions_total,
       count(s.question_number) AS questions_attempted,
       coalesce(sum(s.attempts), 0) AS attempts,
       max(s.last_attempt_at) AS last_attempt_at,
       coalesce(sum(s.again), 0) AS again,
       coalesce(sum(s.hard), 0) AS hard,
       coalesce(sum(s.good), 0) AS good,
       coalesce(sum(s.easy), 0) AS easy
FROM categories c
LEFT JOIN questions q ON q.category_id = c.id AND q.deleted_at IS NULL
LEFT JOIN learner_question_stats s ON s.user_id = :'heavy_user' AND s.question_number = q.number
WHERE c.deleted_at IS NULL
GROUP BY ROLLUP ((c.position, c.slug))
ORDER BY c.position NULLS LAST;

\echo '-- ## GET /v1/users/me/progress: the day streak (the second query of the same request)'
\echo '-- why: The learner''s UTC days with an attempt (`learner_days`, one row per day, kept by the same triggers), read in order by its primary key: a gaps-and-islands count over days, not attempts.'
EXPLAIN (ANALYZE, BUFFERS)
WITH runs AS (
    SELECT max(day) AS last_day, count(*) AS length
    FROM (SELECT day, day - CAST(row_number() OVER (ORDER BY day) AS integer) AS run
          FROM learner_days WHERE user_id = :'heavy_user') numbered
    GROUP BY run
)
SELECT coalesce(max(length) FILTER (WHERE last_day >= CURRENT_DATE - 1), 0) AS current_days,
       coalesce(max(length), 0) AS longest_days
FROM runs;
