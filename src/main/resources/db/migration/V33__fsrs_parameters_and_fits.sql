-- Per-learner FSRS-6 parameters (issue 18 item 5). Each learner's weights are versioned: a fit (POST
-- /v1/users/me/fsrs/fits) or a PUT adds a version, and the current one is the highest; a learner with none is
-- scheduled with the defaults (version 0, not stored).

CREATE TABLE fsrs_parameters (
    user_id     uuid             NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    version     integer          NOT NULL CHECK (version >= 1),
    -- w0..w20, each within the published bounds (checked by review.fsrs.Parameters before the write).
    weights     double precision[] NOT NULL CHECK (array_length(weights, 1) = 21),
    source      text             NOT NULL CHECK (source IN ('fitted', 'set')),
    created_at  timestamptz      NOT NULL,
    -- A fit's figures (null for weights set by PUT): the mean log loss on the answers it predicted, how many there
    -- were, and how many times the optimizer computed the loss.
    log_loss    double precision,
    reviews     integer,
    evaluations integer,
    -- The primary key is also the "current version" read: the highest version of one learner, one index probe.
    PRIMARY KEY (user_id, version)
);

-- Fit jobs, run by review.FsrsFitWorker on any instance (FOR UPDATE SKIP LOCKED), as import_jobs are.
CREATE TABLE fsrs_fit_jobs (
    id              uuid        PRIMARY KEY,
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'succeeded', 'failed')),
    -- Usable reviews (answers at least a day after the previous one on the same question) when submitted.
    reviews         integer     NOT NULL,
    created_at      timestamptz NOT NULL,
    started_at      timestamptz,
    finished_at     timestamptz,
    -- A running job whose worker died is taken over once this passes.
    lease_until     timestamptz,
    error           text,
    -- A succeeded job's figures: the version it made, the log loss of the defaults and of the fitted weights.
    result_version  integer,
    log_loss_before double precision,
    log_loss_after  double precision,
    evaluations     integer
);

-- One unfinished fit per learner: the last word on a second POST racing the first (INSERT ... ON CONFLICT DO NOTHING).
CREATE UNIQUE INDEX fsrs_fit_jobs_one_unfinished_idx ON fsrs_fit_jobs (user_id) WHERE status IN ('pending', 'running');
-- The worker's claim: pending jobs oldest first, and running ones whose lease expired.
CREATE INDEX fsrs_fit_jobs_unfinished_idx ON fsrs_fit_jobs (created_at) WHERE status IN ('pending', 'running');
