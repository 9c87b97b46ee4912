-- Responses that carry a secret (sign-up, a new API key, a new webhook) are now sent with Cache-Control: no-store,
-- and an idempotent replay sends the headers stored with the first response. Replays of responses stored before
-- that change would still say "private, no-cache"; no stored 201 may be storable by a cache, so make them no-store.
UPDATE idempotency_keys
SET response_headers = jsonb_set(response_headers, '{Cache-Control}', '"no-store"')
WHERE response_status = 201 AND response_headers ? 'Cache-Control';
