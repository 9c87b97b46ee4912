-- Webhooks: subscriptions, the transactional outbox of events, and one delivery per event and subscription.

CREATE TABLE webhooks (
    id                   uuid        PRIMARY KEY,
    -- The learner who registered it (attempt.created only, for their own attempts); NULL for the admin's.
    user_id              uuid        REFERENCES users (id) ON DELETE CASCADE,
    url                  text        NOT NULL CHECK (length(url) <= 2048),
    events               text[]      NOT NULL CHECK (cardinality(events) > 0),
    -- Unlike an API key the signing secret is kept as is: every delivery is signed with it.
    secret               text        NOT NULL,
    created_at           timestamptz NOT NULL,
    -- Set when the receiver answered 410 Gone; a disabled webhook receives nothing more.
    disabled_at          timestamptz,
    disabled_reason      text,
    -- The endpoint's circuit breaker, in the database so that every instance sees the same one (webhook.Breaker).
    breaker_state        text        NOT NULL DEFAULT 'closed' CHECK (breaker_state IN ('closed', 'open', 'half_open')),
    consecutive_failures integer     NOT NULL DEFAULT 0,
    -- How many times in a row the breaker has opened: each reopening waits twice as long.
    breaker_opens        integer     NOT NULL DEFAULT 0,
    breaker_retry_at     timestamptz
);

-- A caller's webhooks, newest first (GET /v1/webhooks); the admin's are the user_id IS NULL ones.
CREATE INDEX webhooks_user_idx ON webhooks (user_id, id DESC);

-- The transactional outbox: an event is inserted in the transaction of the change it describes, so it exists if and
-- only if that change committed. body holds the exact bytes that every delivery of the event sends and signs.
CREATE TABLE outbox_events (
    id          uuid        PRIMARY KEY,
    type        text        NOT NULL,
    user_id     uuid        REFERENCES users (id) ON DELETE CASCADE,
    body        text        NOT NULL,
    -- W3C traceparent of the request that caused the event, sent with each delivery.
    traceparent text        NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE INDEX outbox_events_created_idx ON outbox_events (created_at);

-- One row per event and subscription, inserted with the event. Workers on any number of instances claim due rows with
-- FOR UPDATE SKIP LOCKED and lease them by moving next_attempt_at past the delivery's longest duration; a worker that
-- dies mid-delivery leaves its lease to expire, and another worker delivers again (at least once).
CREATE TABLE webhook_deliveries (
    id               uuid        PRIMARY KEY,
    event_id         uuid        NOT NULL REFERENCES outbox_events (id) ON DELETE CASCADE,
    webhook_id       uuid        NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed', 'cancelled')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    -- The lease of the worker delivering it now: only that worker records the outcome.
    claim_token      uuid,
    last_status_code integer,
    last_error       text,
    attempt_log      jsonb       NOT NULL DEFAULT '[]',
    created_at       timestamptz NOT NULL,
    finished_at      timestamptz,
    UNIQUE (event_id, webhook_id)
);

-- The claim reads due pending deliveries, oldest first; finished ones drop out of this partial index.
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
-- GET /v1/webhooks/{id}/deliveries: newest first (ids are UUIDv7).
CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, id DESC);
