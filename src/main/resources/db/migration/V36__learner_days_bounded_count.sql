-- The day's count without counting the day (qbank issue 19, POST /v1/attempts).
--
-- V35 decided whether an attempt was its question's first of the day (or a delete its last) by counting all of the
-- learner's attempts at that question on that day: a learner who answers one question many times a day made each
-- further attempt cost more (bench/run: PostgreSQL's CPU per POST grew to 6.5 ms within minutes for a learner
-- answering 40 questions in turn). The two questions asked of the count, "any after the statement?" (after > 0) and
-- "any before it?" (after - delta > 0), only need it up to |delta| + 1: for an insert (delta > 0) "before" holds
-- exactly when after > delta; for a delete (delta < 0) there were rows before; so the count stops there, one or two
-- index entries however many attempts the day holds. Everything else is V35's function as it was.

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
               (SELECT count(*) FROM (SELECT FROM attempts a
                WHERE a.user_id = c.user_id AND a.question_number = c.question_number
                  AND a.created_at >= CAST(c.day AS timestamp) AT TIME ZONE 'UTC'
                  AND a.created_at < CAST(c.day + 1 AS timestamp) AT TIME ZONE 'UTC'
                LIMIT abs(c.delta) + 1) capped) AS after
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
