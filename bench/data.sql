-- Synthetic data for bench/run, loaded by psql into the service's embedded PostgreSQL after the service migrated it.
-- Variables: :heavy_user (uuid of a learner signed up through the API: it gets :heavy_attempts attempts, for the
-- cursor-depth scenario), :light_user (another learner signed up through the API: :light_attempts attempts, the
-- reference for the heavy learner's progress and review queue), :users (other learners), :per_user (attempts each),
-- :questions (synthetic questions).
-- Valid data only: every row passes the schema's checks, ids are UUIDv7-shaped (time-ordered, as the API writes them).
\set ON_ERROR_STOP on
\timing on

BEGIN;

-- Questions 41 .. 40 + :questions, spread over the five seeded categories and three difficulties.
INSERT INTO questions (number, category_id, text, notes, tags, difficulty, created_at, updated_at)
SELECT 40 + g,
       (SELECT id FROM categories WHERE deleted_at IS NULL ORDER BY position OFFSET (g % 5) LIMIT 1),
       'Synthetic question ' || g || ': how would you ' ||
           (ARRAY['cache', 'index', 'shard', 'paginate', 'retry', 'trace', 'rate-limit', 'version'])[1 + g % 8] ||
           ' the ' || (ARRAY['orders', 'users', 'events', 'payments', 'sessions'])[1 + g % 5] || ' service, and why?',
       CASE WHEN g % 3 = 0 THEN 'Think about the failure modes first.' END,
       ARRAY['synthetic', (ARRAY['caching', 'databases', 'apis', 'security', 'scaling'])[1 + g % 5]],
       (ARRAY['junior', 'mid', 'senior'])[1 + g % 3],
       now() - interval '400 days', now() - interval '400 days'
FROM generate_series(1, :questions) AS g;

-- Learners (besides the heavy one, who signed up through the API).
CREATE TEMP TABLE bench_users AS
SELECT gen_random_uuid() AS id, g AS n FROM generate_series(1, :users) AS g;
INSERT INTO users (id, name, created_at) SELECT id, 'Bench learner ' || n, now() - interval '400 days' FROM bench_users;

-- A UUIDv7 from a timestamp and a seed: 48 bits of Unix milliseconds, version 7, variant 10, then "random" bits.
CREATE FUNCTION pg_temp.uuid7(at timestamptz, seed bigint) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
    SELECT (substr(ms, 1, 8) || '-' || substr(ms, 9, 4) || '-7' || substr(h, 1, 3) || '-' ||
            substr('89ab', 1 + (('x' || substr(h, 4, 1))::bit(4)::int % 4), 1) || substr(h, 5, 3) || '-' || substr(h, 8, 12))::uuid
    FROM (SELECT lpad(to_hex((extract(epoch FROM at) * 1000)::bigint), 12, '0') AS ms, md5(seed::text) AS h) x
$$;

-- SM-2 review state: every synthetic attempt is one valid SM-2 step (as dev.qbank.review.Sm2 computes it) from the
-- state (ease 2.50, interval 6 days, 2 repetitions), for its rating; due_at is created_at plus the new interval.
CREATE TEMP TABLE bench_sm2 (r int PRIMARY KEY, rating text, ease_after numeric(4, 2), interval_after int, repetitions_after int);
INSERT INTO bench_sm2 VALUES (0, 'again', 1.96, 1, 0), (1, 'hard', 2.36, 15, 3), (2, 'good', 2.50, 15, 3), (3, 'easy', 2.60, 15, 3);

-- The attempts: the heavy learner's, one every 30 s back from an hour ago; then :per_user for each other learner.
INSERT INTO attempts (id, user_id, question_number, answer, rating, duration_ms, started_at, created_at,
                      ease_before, ease_after, interval_days_before, interval_days_after, repetitions_before,
                      repetitions_after, due_at)
SELECT pg_temp.uuid7(t.at, g), :'heavy_user', 1 + (g::bigint * 7919) % (40 + :questions),
       'A synthetic answer, number ' || g || '.', s.rating,
       1000 + g % 60000, t.at - interval '1 minute', t.at, 2.50, s.ease_after, 6, s.interval_after, 2,
       s.repetitions_after, t.at + s.interval_after * interval '1 day'
FROM generate_series(1, :heavy_attempts) AS g
     CROSS JOIN LATERAL (SELECT now() - interval '1 hour' - g * interval '30 seconds' AS at) t
     JOIN bench_sm2 s ON s.r = g % 4;

INSERT INTO attempts (id, user_id, question_number, answer, rating, duration_ms, started_at, created_at,
                      ease_before, ease_after, interval_days_before, interval_days_after, repetitions_before,
                      repetitions_after, due_at)
SELECT pg_temp.uuid7(t.at, 10000000000 + u.n * 100000 + g), u.id, 1 + (u.n * 31 + g * 17) % (40 + :questions),
       'A synthetic answer.', s.rating,
       1000 + g * 100, t.at - interval '1 minute', t.at, 2.50, s.ease_after, 6, s.interval_after, 2,
       s.repetitions_after, t.at + s.interval_after * interval '1 day'
FROM bench_users u CROSS JOIN generate_series(1, :per_user) AS g
     CROSS JOIN LATERAL (SELECT now() - interval '2 hours' - (u.n * :per_user + g) * interval '7 seconds' AS at) t
     JOIN bench_sm2 s ON s.r = (u.n + g) % 4;

-- The light learner's: the first 50 questions answered twice each (the second 50 days after the first), one a day,
-- the last about a day ago, so their queue and progress have a real, small history behind them.
INSERT INTO attempts (id, user_id, question_number, answer, rating, duration_ms, started_at, created_at,
                      ease_before, ease_after, interval_days_before, interval_days_after, repetitions_before,
                      repetitions_after, due_at)
SELECT pg_temp.uuid7(t.at, 20000000000 + g), :'light_user', 1 + (g - 1) % 50, 'A light answer, number ' || g || '.',
       s.rating, 1000 + g * 100, t.at - interval '1 minute', t.at, 2.50, s.ease_after, 6, s.interval_after, 2,
       s.repetitions_after, t.at + s.interval_after * interval '1 day'
FROM generate_series(1, :light_attempts) AS g
     CROSS JOIN LATERAL (SELECT now() - (:light_attempts + 1 - g) * interval '1 day' AS at) t
     JOIN bench_sm2 s ON s.r = g % 4;

-- Attempts written in SQL have no FSRS-6 cards: the learners are left as V30 leaves those who had attempts before
-- FSRS-6 (on SM-2, pending), and the service's one-off job (review.FsrsMigration) replays them and moves them to it.
UPDATE users SET scheduler = 'sm2', fsrs_replay_pending = true
WHERE id IN (:'heavy_user', :'light_user') OR id IN (SELECT id FROM bench_users);

COMMIT;

ANALYZE questions;
ANALYZE users;
ANALYZE attempts;

SELECT (SELECT count(*) FROM attempts) AS attempts, (SELECT count(*) FROM users) AS users,
       (SELECT count(*) FROM questions) AS questions,
       (SELECT count(*) FROM attempts WHERE user_id = :'heavy_user') AS heavy_user_attempts,
       (SELECT count(*) FROM attempts WHERE user_id = :'light_user') AS light_user_attempts;
