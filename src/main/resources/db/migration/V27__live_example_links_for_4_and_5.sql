-- Questions 4 and 5 link their live examples to README sections that exist. V21 first named anchors that never did
-- (#rate-limits-question-4, #webhooks-and-import-jobs-question-5); that change was once made by editing V21 after it
-- had been applied, which Flyway rightly refuses on any database that ran the first text. V21 is back as it was
-- applied, and the change is carried here. Migrations are append-only (MigrationsAreAppendOnlyTest).

UPDATE questions
SET live_example = jsonb_set(live_example, '{_links,docs}', '{"href": "README.md#rate-limiting-question-4"}'::jsonb)
WHERE number = 4 AND live_example #>> '{_links,docs,href}' = 'README.md#rate-limits-question-4';

UPDATE questions
SET live_example = jsonb_set(live_example, '{_links,docs}', '{"href": "README.md#webhooks"}'::jsonb)
WHERE number = 5 AND live_example #>> '{_links,docs,href}' = 'README.md#webhooks-and-import-jobs-question-5';
