-- A request now claims its Idempotency-Key with a transaction-scoped advisory lock and writes its row once, at
-- commit, with the response: a row is always a completed request. The 'in_flight' rows of the former two-transaction
-- claim (left by an instance that died mid-request) free their keys.
DELETE FROM idempotency_keys WHERE state = 'in_flight';
ALTER TABLE idempotency_keys DROP COLUMN state;
ALTER TABLE idempotency_keys ALTER COLUMN response_status SET NOT NULL;
