-- Questions 1-10 are about API design, and this API is a live example of each: a question's live_example says in
-- two sentences how, gives the curl command to watch it, and links the endpoints and the documentation involved.
-- It is data, kept beside the question it explains (null for questions 11-40), so it is read in the same query.
-- In _links, hrefs starting with / are this API's endpoints; the others are files of the repository (README.md,
-- docs/...), relative to its root.

ALTER TABLE questions ADD COLUMN live_example jsonb CHECK (live_example IS NULL OR (
    jsonb_typeof(live_example) = 'object'
    AND jsonb_typeof(live_example -> 'summary') = 'string'
    AND jsonb_typeof(live_example -> 'try') = 'string'
    AND jsonb_typeof(live_example -> '_links') = 'object'));

UPDATE questions SET live_example = $json$
{
  "summary": "The same bank is served over REST under /v1 and over GraphQL at /graphql, by the same services, with the same signed cursors (a REST next_cursor works as a GraphQL after, and back). docs/rest-or-graphql.md does one task both ways and measures what each costs: bytes, round trips, and what a cache can keep.",
  "try": "curl -s localhost:8080/graphql -H 'Content-Type: application/json' -d '{\"query\":\"{ questions(first: 3, filter: {category: \\\"caching\\\"}) { edges { node { number text category { name } } } pageInfo { endCursor } } }\"}'",
  "_links": {
    "graphql": {"href": "/graphql"},
    "schema": {"href": "/graphql/schema.graphql"},
    "rest": {"href": "/v1/questions?category=caching&limit=3"},
    "docs": {"href": "docs/rest-or-graphql.md"}
  }
}$json$::jsonb WHERE number = 1;

UPDATE questions SET live_example = $json$
{
  "summary": "Every error here is an RFC 9457 problem with a stable type and the status it belongs to: 400 for input that is wrong whatever the server holds (a limit of 500, an altered cursor), 401 without a valid key, 403 for a key that may not, 404 for what is not there or not yours, and 500 with an error id to quote. 409 is for a request that is well formed but conflicts with the current state and could succeed once that changes, such as a retry whose Idempotency-Key is still in flight or a quiz asked of an exhausted pool.",
  "try": "curl -si 'localhost:8080/v1/questions?limit=500'",
  "_links": {
    "bad-request": {"href": "/v1/questions?limit=500"},
    "not-found": {"href": "/v1/questions/999"},
    "docs": {"href": "README.md#conventions"}
  }
}$json$::jsonb WHERE number = 2;

UPDATE questions SET live_example = $json$
{
  "summary": "GET, HEAD, PUT and DELETE are idempotent by definition and POST is not, so every POST here accepts an Idempotency-Key (draft-ietf-httpapi-idempotency-key-header). A retry with the same key and body replays the first response with Idempotent-Replayed: true instead of recording the attempt twice; the same key with another body is a 422.",
  "try": "for i in 1 2; do curl -si localhost:8080/v1/attempts -H \"Authorization: Bearer $KEY\" -H 'Content-Type: application/json' -H 'Idempotency-Key: \"try-3\"' -d '{\"question\":3,\"answer\":\"POST is not idempotent\",\"rating\":\"good\",\"duration_ms\":30000}' | grep -iE '^(HTTP|location|idempotent)'; done",
  "_links": {
    "attempts": {"href": "/v1/attempts"},
    "sign-up": {"href": "/v1/users"},
    "docs": {"href": "README.md#learners-sign-up-record-an-attempt-retry-it-safely"}
  }
}$json$::jsonb WHERE number = 3;

UPDATE questions SET live_example = $json$
{
  "summary": "Every response carries RateLimit and RateLimit-Policy headers (draft-ietf-httpapi-ratelimit-headers) from token buckets shared by all instances, so a client can slow down before it is refused. A request over the quota gets a 429 problem with Retry-After.",
  "try": "curl -si localhost:8080/v1/questions/4 | grep -iE '^(ratelimit|retry-after)'",
  "_links": {
    "demo": {"href": "/v1/questions/4"},
    "docs": {"href": "README.md#rate-limits-question-4"}
  }
}$json$::jsonb WHERE number = 4;

UPDATE questions SET live_example = $json$
{
  "summary": "Changes to the bank are pushed to registered webhooks, signed, from a transactional outbox, so a subscriber learns of them without polling. Long-running imports answer 202 Accepted with a Location for the job, which the client polls instead of holding the connection open.",
  "try": "curl -si localhost:8080/v1/webhooks -H \"Authorization: Bearer $ADMIN_KEY\"",
  "_links": {
    "webhooks": {"href": "/v1/webhooks"},
    "docs": {"href": "README.md#webhooks-and-import-jobs-question-5"}
  }
}$json$::jsonb WHERE number = 5;

UPDATE questions SET live_example = $json$
{
  "summary": "Every route lives under /v1 and changes only additively (new resources, optional parameters, new fields); a breaking change would go to /v2 while the v1 route keeps answering. A route on its way out says so on every response with Deprecation, Sunset and a Link rel=\"deprecation\" to its migration guide.",
  "try": "curl -si localhost:8080/v1 | grep -iE '^(HTTP|deprecation|sunset|link)'",
  "_links": {
    "root": {"href": "/v1"},
    "docs": {"href": "README.md#versioning-policy-question-6"}
  }
}$json$::jsonb WHERE number = 6;

UPDATE questions SET live_example = $json$
{
  "summary": "Every representation carries _links: a question links to itself, its category and its collection, a page to its next, prev and first pages, and the root /v1 to every collection. A client can start at /v1 and reach everything by following links instead of building URLs.",
  "try": "curl -s localhost:8080/v1",
  "_links": {
    "root": {"href": "/v1"},
    "demo": {"href": "/v1/questions/7"},
    "docs": {"href": "README.md#a-walk-through-the-api-with-curl"}
  }
}$json$::jsonb WHERE number = 7;

UPDATE questions SET live_example = $json$
{
  "summary": "Collections are read with keyset SQL (WHERE number > last ORDER BY number LIMIT n+1), never OFFSET, so a walk never skips or repeats a question while others are added, and page 100 costs what page 1 does. The cursor is opaque, signed and bound to its query: altered, or sent with other filters, it is a 400 invalid-cursor problem.",
  "try": "curl -si 'localhost:8080/v1/questions?limit=3' | grep -iE '^link|next_cursor'",
  "_links": {
    "demo": {"href": "/v1/questions?limit=3"},
    "docs": {"href": "README.md#a-walk-through-the-api-with-curl"}
  }
}$json$::jsonb WHERE number = 8;

UPDATE questions SET live_example = $json$
{
  "summary": "Each response carries the headers the README explains one by one: ETag and Cache-Control for caching, Vary for what a cache must key on, Link for pages, X-Request-Id and traceresponse for support, and the security headers. Send the ETag back in If-None-Match and the answer is a 304 with no body.",
  "try": "curl -si localhost:8080/v1/questions/9",
  "_links": {
    "demo": {"href": "/v1/questions/9"},
    "docs": {"href": "README.md#headers-we-send-and-why-question-9"}
  }
}$json$::jsonb WHERE number = 9;

UPDATE questions SET live_example = $json$
{
  "summary": "Send a W3C traceparent and the server continues your trace and answers with traceresponse; your X-Request-Id and the trace id are in every log line of the request and in any problem body. Spans cover the HTTP request and each SQL statement, and go to whatever OTLP collector you configure.",
  "try": "curl -si localhost:8080/v1/questions/10 -H 'traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' -H 'X-Request-Id: walkthrough-1' | grep -iE '^(x-request-id|traceresponse)'",
  "_links": {
    "demo": {"href": "/v1/questions/10"},
    "docs": {"href": "README.md#tracing-a-request-question-10"}
  }
}$json$::jsonb WHERE number = 10;
