-- The documentation moved from the README into docs/ (the README is a doorway now), so each live example's docs link
-- names the page and section that now hold its text, and questions 1 and 9 say so in their summaries. Every `try`
-- command starts from $QBANK (http://localhost:8080 with README command 1) instead of a hard-coded localhost:8080, as
-- every example in README.md and docs/ does, so it runs against the service wherever it answers; question 5's uses the
-- learner's $KEY, the variable the guide sets, instead of an $ADMIN_KEY it never did (docs/api.md, "Live examples").
-- Migrations are append-only: V21, V23 and V27 stay as they were applied.

UPDATE questions q
SET live_example = jsonb_set(jsonb_set(q.live_example, '{try}', to_jsonb(v.try)), '{_links,docs}', jsonb_build_object('href', v.docs))
FROM (VALUES
    (1, $try$curl -s "$QBANK/graphql" -H 'Content-Type: application/json' -d '{"query":"{ questions(first: 3, filter: {category: \"caching\"}) { edges { node { number text category { name } } } pageInfo { endCursor } } }"}'$try$,
        'docs/graphql.md#rest-or-graphql-question-1'),
    (2, $try$curl -si "$QBANK/v1/questions?limit=500"$try$,
        'docs/api.md#errors'),
    (3, $try$for i in 1 2; do curl -si "$QBANK/v1/attempts" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -H 'Idempotency-Key: "try-3"' -d '{"question":3,"answer":"POST is not idempotent","rating":"good","duration_ms":30000}' | grep -iE '^(HTTP|location|idempotent)'; done$try$,
        'docs/api.md#learners-sign-up-record-an-attempt-retry-it-safely'),
    (4, $try$curl -si "$QBANK/v1/questions/4" | grep -iE '^(ratelimit|retry-after)'$try$,
        'docs/rate-limiting.md#the-design-our-answer-to-question-4'),
    (5, $try$curl -si "$QBANK/v1/webhooks" -H "Authorization: Bearer $KEY"$try$,
        'docs/writes.md#webhooks'),
    (6, $try$curl -si "$QBANK/v1" | grep -iE '^(HTTP|deprecation|sunset|link)'$try$,
        'docs/api.md#versioning-policy-question-6'),
    (7, $try$curl -s "$QBANK/v1"$try$,
        'docs/api.md#the-root-and-its-links-question-7'),
    (8, $try$curl -si "$QBANK/v1/questions?limit=3" | grep -iE '^link|next_cursor'$try$,
        'docs/api.md#pages-and-cursors-question-8'),
    (9, $try$curl -si "$QBANK/v1/questions/9"$try$,
        'docs/api.md#headers-we-send-and-why-question-9'),
    (10, $try$curl -si "$QBANK/v1/questions/10" -H 'traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' -H 'X-Request-Id: walkthrough-1' | grep -iE '^(x-request-id|traceresponse)'$try$,
        'docs/api.md#tracing-a-request-question-10')
) AS v (number, try, docs)
WHERE q.number = v.number;

UPDATE questions
SET live_example = jsonb_set(live_example, '{summary}', to_jsonb(
        replace(live_example ->> 'summary', 'The README''s "REST or GraphQL?" section does', 'docs/graphql.md does')))
WHERE number = 1;

UPDATE questions
SET live_example = jsonb_set(live_example, '{summary}', to_jsonb(
        replace(live_example ->> 'summary', 'the headers the README explains', 'the headers docs/api.md explains')))
WHERE number = 9;
