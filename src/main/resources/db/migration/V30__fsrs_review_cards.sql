-- FSRS-6 (docs/scheduling.md): each learner chooses a scheduler and a desired retention, and keeps an FSRS memory
-- state per question they have answered, whichever scheduler sets their due dates.

-- New learners get FSRS-6. Existing ones keep SM-2 until their history has been replayed through FSRS-6 (the one-off
-- job review.FsrsMigration, which then switches them); learners without attempts have nothing to replay.
ALTER TABLE users ADD COLUMN scheduler text NOT NULL DEFAULT 'sm2' CHECK (scheduler IN ('fsrs', 'sm2'));
ALTER TABLE users ALTER COLUMN scheduler SET DEFAULT 'fsrs';
ALTER TABLE users ADD COLUMN desired_retention numeric(3, 2) NOT NULL DEFAULT 0.90
    CHECK (desired_retention BETWEEN 0.70 AND 0.97);
ALTER TABLE users ADD COLUMN fsrs_replay_pending boolean NOT NULL DEFAULT false;
UPDATE users u SET fsrs_replay_pending = true WHERE EXISTS (SELECT 1 FROM attempts a WHERE a.user_id = u.id);
UPDATE users SET scheduler = 'fsrs' WHERE NOT fsrs_replay_pending;
-- The job finds the learners still to replay.
CREATE INDEX users_fsrs_replay_pending_idx ON users (id) WHERE fsrs_replay_pending;

-- One row per learner and question answered: the FSRS-6 card (py-fsrs's Card) after the latest answer. Kept in the
-- transaction of every attempt (under the same per-question lock as the SM-2 schedule), rebuilt from the attempts when
-- one is deleted or the learner's settings change. The FSRS review queue reads it, not the attempts.
CREATE TABLE review_cards (
    user_id         uuid             NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_number integer          NOT NULL REFERENCES questions (number),
    state           text             NOT NULL CHECK (state IN ('learning', 'review', 'relearning')),
    step            integer          NOT NULL CHECK (step >= 0),
    stability       double precision NOT NULL CHECK (stability > 0),
    difficulty      double precision NOT NULL CHECK (difficulty BETWEEN 1 AND 10),
    due_at          timestamptz      NOT NULL,
    last_review_at  timestamptz      NOT NULL,
    last_rating     text             NOT NULL CHECK (last_rating IN ('again', 'hard', 'good', 'easy')),
    reviews         integer          NOT NULL CHECK (reviews > 0),
    lapses          integer          NOT NULL CHECK (lapses >= 0),
    PRIMARY KEY (user_id, question_number)
);

-- The FSRS queue: a learner's cards by due time.
CREATE INDEX review_cards_due_idx ON review_cards (user_id, due_at, question_number);
