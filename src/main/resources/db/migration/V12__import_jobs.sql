-- Asynchronous imports (POST /v1/imports): each job is a row, claimed by a worker on any instance with
-- FOR UPDATE SKIP LOCKED. A job is all or nothing: its questions are written in one transaction, or none are.

CREATE TABLE import_jobs (
    id            uuid        PRIMARY KEY,
    status        text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'succeeded', 'failed')),
    format        text        NOT NULL CHECK (format IN ('json', 'csv')),
    -- The request body as received; parsed and validated by the worker.
    payload       text        NOT NULL,
    total_rows    integer,
    imported_rows integer     NOT NULL DEFAULT 0,
    -- [{row, field, reason}] for a failed job.
    errors        jsonb       NOT NULL DEFAULT '[]',
    -- Numbers of the questions a succeeded job created.
    question_numbers integer[] NOT NULL DEFAULT '{}',
    traceparent   text        NOT NULL,
    created_at    timestamptz NOT NULL,
    started_at    timestamptz,
    finished_at   timestamptz,
    -- A running job whose worker died is taken over once this passes.
    lease_until   timestamptz
);

-- The worker's claim: pending jobs oldest first, and running ones whose lease expired.
CREATE INDEX import_jobs_unfinished_idx ON import_jobs (created_at) WHERE status IN ('pending', 'running');
