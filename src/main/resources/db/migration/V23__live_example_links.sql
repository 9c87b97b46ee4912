-- Question 1's live example pointed at docs/rest-or-graphql.md; that text now lives in the README (the repository's
-- top level is fixed: no docs/ folder), so its summary and its docs link say so.

UPDATE questions
SET live_example = jsonb_set(
        jsonb_set(live_example, '{_links,docs}', '{"href": "README.md#rest-or-graphql-question-1"}'::jsonb),
        '{summary}',
        to_jsonb(replace(live_example ->> 'summary', 'docs/rest-or-graphql.md does', 'The README''s "REST or GraphQL?" section does')))
WHERE number = 1;
