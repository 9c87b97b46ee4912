-- A learner's attempts at questions. Each row also keeps the SM-2 scheduling state before and after the attempt,
-- so that the review queue is a read of the latest row per question and can be recomputed when an attempt is
-- deleted.

CREATE TABLE attempts (
    -- UUIDv7: time-ordered, so "newest first" is "id DESC" and ids reveal nothing but time.
    id                  uuid        PRIMARY KEY,
    user_id             uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_number     integer     NOT NULL REFERENCES questions (number),
    answer              text        NOT NULL CHECK (length(answer) <= 10000),
    rating              text        NOT NULL CHECK (rating IN ('again', 'hard', 'good', 'easy')),
    duration_ms         integer     NOT NULL CHECK (duration_ms BETWEEN 0 AND 86400000),
    started_at          timestamptz,
    created_at          timestamptz NOT NULL,
    ease_before         numeric(4, 2) NOT NULL,
    ease_after          numeric(4, 2) NOT NULL,
    interval_days_before integer    NOT NULL,
    interval_days_after integer     NOT NULL,
    repetitions_before  integer     NOT NULL,
    repetitions_after   integer     NOT NULL,
    due_at              timestamptz NOT NULL
);

-- GET /v1/attempts: a user's attempts newest first, keyset on id.
CREATE INDEX attempts_user_id_idx ON attempts (user_id, id DESC);
-- Per-question history (GET /v1/questions/{n}/attempts, ?question=) and the latest state per question (review queue).
CREATE INDEX attempts_user_question_idx ON attempts (user_id, question_number, id DESC);
