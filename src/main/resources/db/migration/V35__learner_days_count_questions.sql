-- learner_days without one hot row per learner (qbank issue 19, POST /v1/attempts).
--
-- V34 counted a learner's attempts per UTC day, so every attempt of a learner updated the same row of the day: each
-- write of that learner waited for the previous one to commit (its WAL flush included) before it could even take the
-- row, and 32 concurrent POSTs of one learner ran one after another (sampled under load: 108 of 117 active backends
-- waiting on Lock:transactionid in that INSERT's trigger). The streaks only need the set of days, so a day now counts
-- the learner's questions answered on it: an attempt changes the row only when it is the question's first of the day
-- (or a delete its last). Whether it is, is read from attempts_user_question_created_idx after the question's
-- learner_question_stats row is locked, which every writer of that learner's question takes first (the upsert or
-- FOR UPDATE above it): in a statement of its own, so it sees every attempt committed by an earlier holder, and no
-- later writer of the question can change the answer before this transaction ends.

ALTER TABLE learner_days RENAME COLUMN attempts TO questions;

CREATE OR REPLACE FUNCTION attempts_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    -- The statement's change per (learner, question, UTC day): attempts added (positive) or removed (negative).
    changed_users     uuid[];
    changed_questions integer[];
    changed_days      date[];
    changed_by        bigint[];
BEGIN
    -- Most updates rewrite the SM-2 columns (a delete replays the later attempts): nothing counted has changed when
    -- the counted columns of the old rows are, as a multiset, those of the new ones.
    -- (Nested: a statement naming a transition table the trigger lacks fails when it is planned.)
    IF TG_OP = 'UPDATE' THEN
        IF NOT EXISTS (SELECT user_id, question_number, rating, created_at FROM old_rows
                       EXCEPT ALL
                       SELECT user_id, question_number, rating, created_at FROM new_rows) THEN
            RETURN NULL;
        END IF;
    END IF;

    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        -- Lock first (in key order, so that two statements cannot deadlock here), then recompute in a new statement.
        PERFORM 1 FROM learner_question_stats s
        WHERE (s.user_id, s.question_number) IN (SELECT user_id, question_number FROM old_rows)
        ORDER BY s.user_id, s.question_number
        FOR UPDATE;

        WITH gone AS (
            SELECT user_id, question_number, count(*) AS n,
                   count(*) FILTER (WHERE rating = 'again') AS again,
                   count(*) FILTER (WHERE rating = 'hard') AS hard,
                   count(*) FILTER (WHERE rating = 'good') AS good,
                   count(*) FILTER (WHERE rating = 'easy') AS easy,
                   max(created_at) AS latest
            FROM old_rows GROUP BY user_id, question_number
        )
        UPDATE learner_question_stats s
        SET attempts = s.attempts - g.n, again = s.again - g.again, hard = s.hard - g.hard,
            good = s.good - g.good, easy = s.easy - g.easy,
            last_attempt_at = CASE WHEN g.latest < s.last_attempt_at THEN s.last_attempt_at
                                   ELSE coalesce((SELECT max(a.created_at) FROM attempts a
                                                  WHERE a.user_id = s.user_id AND a.question_number = s.question_number),
                                                 s.last_attempt_at) END
        FROM gone g
        WHERE s.user_id = g.user_id AND s.question_number = g.question_number;

        DELETE FROM learner_question_stats s
        WHERE s.attempts = 0 AND (s.user_id, s.question_number) IN (SELECT user_id, question_number FROM old_rows);
    END IF;

    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO learner_question_stats AS s
            (user_id, question_number, attempts, again, hard, good, easy, last_attempt_at)
        SELECT user_id, question_number, count(*),
               count(*) FILTER (WHERE rating = 'again'), count(*) FILTER (WHERE rating = 'hard'),
               count(*) FILTER (WHERE rating = 'good'), count(*) FILTER (WHERE rating = 'easy'),
               max(created_at)
        FROM new_rows GROUP BY user_id, question_number ORDER BY user_id, question_number
        ON CONFLICT (user_id, question_number) DO UPDATE
        SET attempts = s.attempts + excluded.attempts, again = s.again + excluded.again,
            hard = s.hard + excluded.hard, good = s.good + excluded.good, easy = s.easy + excluded.easy,
            last_attempt_at = greatest(s.last_attempt_at, excluded.last_attempt_at);
    END IF;

    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(user_id), array_agg(question_number), array_agg(day), array_agg(n)
        INTO changed_users, changed_questions, changed_days, changed_by
        FROM (SELECT user_id, question_number, CAST(created_at AT TIME ZONE 'UTC' AS date) AS day, count(*) AS n
              FROM new_rows GROUP BY 1, 2, 3) c;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(user_id), array_agg(question_number), array_agg(day), array_agg(n)
        INTO changed_users, changed_questions, changed_days, changed_by
        FROM (SELECT user_id, question_number, CAST(created_at AT TIME ZONE 'UTC' AS date) AS day, -count(*) AS n
              FROM old_rows GROUP BY 1, 2, 3) c;
    ELSE
        SELECT array_agg(user_id), array_agg(question_number), array_agg(day), array_agg(n)
        INTO changed_users, changed_questions, changed_days, changed_by
        FROM (SELECT user_id, question_number, CAST(created_at AT TIME ZONE 'UTC' AS date) AS day, sum(n) AS n
              FROM (SELECT user_id, question_number, created_at, 1 AS n FROM new_rows
                    UNION ALL
                    SELECT user_id, question_number, created_at, -1 FROM old_rows) moved
              GROUP BY 1, 2, 3) c;
    END IF;

    -- A day gains a question when the question had no attempt on it before the statement and has one after, and
    -- loses one the other way round. The statement's rows are already in attempts, so "before" is "after" minus the
    -- change.
    WITH counted AS (
        SELECT c.user_id, c.day, c.delta,
               (SELECT count(*) FROM attempts a
                WHERE a.user_id = c.user_id AND a.question_number = c.question_number
                  AND a.created_at >= CAST(c.day AS timestamp) AT TIME ZONE 'UTC'
                  AND a.created_at < CAST(c.day + 1 AS timestamp) AT TIME ZONE 'UTC') AS after
        FROM unnest(changed_users, changed_questions, changed_days, changed_by) AS c (user_id, question_number, day, delta)
    ), per_day AS (
        SELECT user_id, day, sum(CAST(after > 0 AS integer) - CAST(after - delta > 0 AS integer)) AS change
        FROM counted GROUP BY user_id, day
    ), fewer AS (
        UPDATE learner_days d SET questions = d.questions + p.change
        FROM per_day p
        WHERE p.change < 0 AND d.user_id = p.user_id AND d.day = p.day
    )
    INSERT INTO learner_days AS d (user_id, day, questions)
    SELECT user_id, day, change FROM per_day WHERE change > 0 ORDER BY user_id, day
    ON CONFLICT (user_id, day) DO UPDATE SET questions = d.questions + excluded.questions;

    IF TG_OP <> 'INSERT' THEN -- an insert only adds
        DELETE FROM learner_days d
        WHERE d.questions = 0
          AND (d.user_id, d.day) IN (SELECT u, dd FROM unnest(changed_users, changed_days) AS x (u, dd));
    END IF;
    RETURN NULL;
END $$;

-- Writers of an older version still running during a rolling deploy wait for the recount, so none is missed.
LOCK TABLE attempts IN SHARE MODE;

DELETE FROM learner_days;
INSERT INTO learner_days (user_id, day, questions)
SELECT user_id, CAST(created_at AT TIME ZONE 'UTC' AS date), count(DISTINCT question_number)
FROM attempts GROUP BY 1, 2;
