-- Quizzes that never serve a learner the same question twice until they reset. served_questions is the learner's
-- served set (their pool is the bank less these rows); it is kept as long as the user exists, unlike OpenTDB's
-- session tokens, which expire after six hours without use.

CREATE TABLE quizzes (
    -- UUIDv7, like attempts: time-ordered ids.
    id         uuid        PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    requested  integer     NOT NULL CHECK (requested BETWEEN 1 AND 40),
    -- The filters the quiz was drawn with; null: not filtered on.
    category   text,
    tag        text,
    difficulty text        CHECK (difficulty IN ('junior', 'mid', 'senior')),
    created_at timestamptz NOT NULL
);

CREATE TABLE quiz_questions (
    quiz_id         uuid    NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE,
    position        integer NOT NULL CHECK (position >= 1),
    question_number integer NOT NULL REFERENCES questions (number),
    PRIMARY KEY (quiz_id, position),
    UNIQUE (quiz_id, question_number)
);

CREATE TABLE served_questions (
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_number integer     NOT NULL REFERENCES questions (number),
    quiz_id         uuid        NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE,
    served_at       timestamptz NOT NULL,
    -- The guarantee itself: a question is served to a learner at most once between resets. QuizService also takes a
    -- per-user lock, so that concurrent quiz requests wait for each other instead of failing on this key.
    PRIMARY KEY (user_id, question_number)
);

-- A quiz's "attempted since" counts read the user's attempts by question (attempts_user_question_idx, V5).
