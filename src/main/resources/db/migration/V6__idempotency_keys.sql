-- draft-ietf-httpapi-idempotency-key-header: the first request with a key claims it (the unique constraint makes
-- the claim atomic across instances); its response is stored in the same transaction as its effect and replayed
-- for retries. Rows expire after 24 hours.

CREATE TABLE idempotency_keys (
    scope            text        NOT NULL,
    key              text        NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    fingerprint      bytea       NOT NULL,
    state            text        NOT NULL CHECK (state IN ('in_flight', 'completed')),
    response_status  integer,
    response_headers jsonb,
    response_body    bytea,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);

-- The purge of expired keys.
CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at);
