-- Learners and their API keys. A key is shown to its owner once; we keep only its SHA-256 (keys are 256 random
-- bits, so a fast hash is enough: there is nothing to brute-force) and a short prefix to recognise it by.

CREATE TABLE users (
    id         uuid        PRIMARY KEY,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id           uuid        PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text        CHECK (length(name) <= 100),
    prefix       text        NOT NULL,
    -- SHA-256 of the whole key: every authenticated request looks a key up by it.
    hash         bytea       NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

-- A user's keys, newest first (GET /v1/users/me/keys).
CREATE INDEX api_keys_user_idx ON api_keys (user_id, id DESC);
