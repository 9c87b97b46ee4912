-- A learner's progress (GET /v1/users/me/progress) read from per-learner aggregates instead of every attempt: one row
-- per question they answered and one per UTC day they answered on, so that progress costs the same for a learner with
-- 950,000 attempts as for one with 100 (qbank issue 19).
--
-- The database keeps them, by triggers on attempts, in the transaction that writes the attempt: every write path (the
-- API, a replay, an import, psql, a user's ON DELETE CASCADE) keeps them exact, and none can forget to. The triggers
-- are statement-level with transition tables: a statement adds or removes its attempts grouped by (learner, question)
-- and by (learner, day), so a bulk load of a million attempts is one aggregation, not a million upserts.
--
-- Exact under concurrency: counts change by UPDATE ... SET n = n +/- k and INSERT ... ON CONFLICT DO UPDATE, which
-- take the row's lock and re-read its latest version. last_attempt_at is max(created_at) over the question's attempts;
-- an insert raises it (greatest), a delete of the latest attempt recomputes it from the remaining ones after locking
-- the aggregate row, in a statement of its own (PL/pgSQL takes a new snapshot per statement in READ COMMITTED), so it
-- sees every attempt committed by whoever held that row before it; a later writer waits for the lock and applies its
-- own change on top.

CREATE TABLE learner_question_stats (
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_number integer     NOT NULL,
    attempts        integer     NOT NULL CHECK (attempts >= 0),
    again           integer     NOT NULL CHECK (again >= 0),
    hard            integer     NOT NULL CHECK (hard >= 0),
    good            integer     NOT NULL CHECK (good >= 0),
    easy            integer     NOT NULL CHECK (easy >= 0),
    last_attempt_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, question_number)
);

CREATE TABLE learner_days (
    user_id  uuid    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The UTC day, as the streaks count days.
    day      date    NOT NULL,
    attempts integer NOT NULL CHECK (attempts >= 0),
    PRIMARY KEY (user_id, day)
);

-- Deleting a question's latest attempt recomputes last_attempt_at as the max(created_at) of the remaining ones: one
-- probe of this index. attempts_user_question_idx orders by id, which is creation order only for the API's own writes
-- (SQL-made or moved attempts need not follow it), so it would read all of the question's attempts.
CREATE INDEX attempts_user_question_created_idx ON attempts (user_id, question_number, created_at DESC);

CREATE FUNCTION attempts_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
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

        WITH gone AS (
            SELECT user_id, CAST(created_at AT TIME ZONE 'UTC' AS date) AS day, count(*) AS n
            FROM old_rows GROUP BY 1, 2
        )
        UPDATE learner_days d SET attempts = d.attempts - g.n
        FROM gone g WHERE d.user_id = g.user_id AND d.day = g.day;

        DELETE FROM learner_days d
        WHERE d.attempts = 0
          AND (d.user_id, d.day) IN (SELECT user_id, CAST(created_at AT TIME ZONE 'UTC' AS date) FROM old_rows);
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

        INSERT INTO learner_days AS d (user_id, day, attempts)
        SELECT user_id, CAST(created_at AT TIME ZONE 'UTC' AS date), count(*)
        FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (user_id, day) DO UPDATE SET attempts = d.attempts + excluded.attempts;
    END IF;
    RETURN NULL;
END $$;

-- Writers of an older version still running during a rolling deploy wait for the backfill, so none is missed.
LOCK TABLE attempts IN SHARE MODE;

CREATE TRIGGER attempts_tally_insert AFTER INSERT ON attempts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attempts_tally();
CREATE TRIGGER attempts_tally_update AFTER UPDATE ON attempts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attempts_tally();
CREATE TRIGGER attempts_tally_delete AFTER DELETE ON attempts
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION attempts_tally();

-- TRUNCATE fires no DELETE trigger: it empties the aggregates with it.
CREATE FUNCTION attempts_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE learner_question_stats, learner_days;
    RETURN NULL;
END $$;
CREATE TRIGGER attempts_tally_truncate AFTER TRUNCATE ON attempts
    FOR EACH STATEMENT EXECUTE FUNCTION attempts_truncated();

-- The attempts so far.
INSERT INTO learner_question_stats (user_id, question_number, attempts, again, hard, good, easy, last_attempt_at)
SELECT user_id, question_number, count(*),
       count(*) FILTER (WHERE rating = 'again'), count(*) FILTER (WHERE rating = 'hard'),
       count(*) FILTER (WHERE rating = 'good'), count(*) FILTER (WHERE rating = 'easy'),
       max(created_at)
FROM attempts GROUP BY user_id, question_number;

INSERT INTO learner_days (user_id, day, attempts)
SELECT user_id, CAST(created_at AT TIME ZONE 'UTC' AS date), count(*) FROM attempts GROUP BY 1, 2;
