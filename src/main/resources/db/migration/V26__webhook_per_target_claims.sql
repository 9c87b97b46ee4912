-- Per-target isolation of webhook deliveries (WebhookDispatcher.claim): each claim counts a webhook's deliveries in
-- flight (leased: claim_token set) and takes its oldest due ones. Both are per-webhook lookups, run for every webhook
-- with something due on every claim, so each gets a small partial index rather than a scan of the webhook's history.

-- Deliveries in flight: a claim_token is cleared when the outcome is recorded, so this index holds only those.
CREATE INDEX webhook_deliveries_in_flight_idx ON webhook_deliveries (webhook_id) WHERE claim_token IS NOT NULL AND status = 'pending';

-- A webhook's pending deliveries, oldest first.
CREATE INDEX webhook_deliveries_pending_by_webhook_idx ON webhook_deliveries (webhook_id, next_attempt_at) WHERE status = 'pending';
