-- Keys the service generates for itself when none is configured (e.g. the cursor-signing key), kept here so that
-- they survive restarts and every instance on this database shares them.
CREATE TABLE server_secrets (
    name       text        PRIMARY KEY,
    value      bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
