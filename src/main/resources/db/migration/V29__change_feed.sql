-- The change feed (GET /v1/changes, docs/sync.md): one row per change to a question or a category, numbered in the
-- order the changes COMMITTED, so that a client that read up to sequence n never later finds a change below n.
--
-- Why the numbers follow commit order: a sequence drawn during a transaction follows the order in which transactions
-- reached that statement, not the order in which they commit. T1 draws 7, T2 draws 8 and commits first; a client
-- reading "after 6" at that moment gets 8, stores it, and never sees 7. So the rows are written by DEFERRED triggers,
-- which run at COMMIT, after every statement of the transaction; each first takes a transaction-scoped advisory lock
-- that is held until the commit is complete (PostgreSQL marks a transaction committed before it releases its locks).
-- The next committer draws its numbers only after that: numbers are handed out in commit order, on any number of
-- instances, and a reader who sees n sees everything below n. The cost is that commits which change the bank take
-- turns for the few microseconds of their inserts; attempts and every other write are not involved.
--
-- Rows are written by the database for every write of the bank, whatever makes it (the API, imports, SQL), in the
-- same transaction: a change is in the feed if and only if it committed.

CREATE TABLE bank_changes (
    sequence        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type            text        NOT NULL CHECK (type IN ('question.created', 'question.updated', 'question.deleted',
                                                         'category.created', 'category.updated', 'category.deleted')),
    question_number integer,
    category_slug   text,
    -- When the change committed (the trigger runs in the commit).
    changed_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK ((question_number IS NULL) <> (category_slug IS NULL)),
    CHECK ((question_number IS NOT NULL) = (type LIKE 'question.%'))
);

-- The pruning job deletes the changes older than the retention window (qbank.changes.retention).
CREATE INDEX bank_changes_changed_at_idx ON bank_changes (changed_at);

-- The highest sequence the pruning has deleted: a token below it would skip changes, so it is a 410. One row, updated
-- in the statement that deletes, so a reader sees both or neither.
CREATE TABLE bank_changes_horizon (
    only_row       boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    pruned_through bigint  NOT NULL DEFAULT 0
);
INSERT INTO bank_changes_horizon DEFAULT VALUES;

-- Records one change; runs inside the commit (see above). A category whose question count changed is recorded once per
-- transaction however many of its questions changed (an import of 500 questions is one category.updated).
CREATE FUNCTION record_bank_change(change_type text, number integer, slug text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    recorded text := coalesce(current_setting('qbank.changed_categories', true), '');
BEGIN
    IF slug IS NOT NULL THEN
        IF change_type = 'category.updated' AND position('/' || slug || '/' IN recorded) > 0 THEN
            RETURN;
        END IF;
        PERFORM set_config('qbank.changed_categories', recorded || '/' || slug || '/', true);
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('qbank.bank_changes'));
    INSERT INTO bank_changes (type, question_number, category_slug) VALUES (change_type, number, slug);
END $$;

CREATE FUNCTION questions_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    was_live boolean := TG_OP = 'UPDATE' AND OLD.deleted_at IS NULL;
    is_live  boolean := NEW.deleted_at IS NULL;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW IS NOT DISTINCT FROM OLD THEN
        RETURN NULL;
    END IF;
    IF is_live AND NOT was_live THEN
        PERFORM record_bank_change('question.created', NEW.number, NULL);
        -- The category's question_count is part of its representation.
        PERFORM record_bank_change('category.updated', NULL, (SELECT slug FROM categories WHERE id = NEW.category_id));
    ELSIF was_live AND NOT is_live THEN
        PERFORM record_bank_change('question.deleted', NEW.number, NULL);
        PERFORM record_bank_change('category.updated', NULL, (SELECT slug FROM categories WHERE id = OLD.category_id));
    ELSIF is_live THEN
        PERFORM record_bank_change('question.updated', NEW.number, NULL);
        IF NEW.category_id <> OLD.category_id THEN
            PERFORM record_bank_change('category.updated', NULL, (SELECT slug FROM categories WHERE id = OLD.category_id));
            PERFORM record_bank_change('category.updated', NULL, (SELECT slug FROM categories WHERE id = NEW.category_id));
        END IF;
    END IF;
    RETURN NULL;
END $$;

-- A category's slug never changes (PUT and PATCH cannot write it), so the slug names it in the feed.
CREATE FUNCTION categories_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    was_live boolean := TG_OP = 'UPDATE' AND OLD.deleted_at IS NULL;
    is_live  boolean := NEW.deleted_at IS NULL;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW IS NOT DISTINCT FROM OLD THEN
        RETURN NULL;
    END IF;
    IF is_live AND NOT was_live THEN
        PERFORM record_bank_change('category.created', NULL, NEW.slug);
    ELSIF was_live AND NOT is_live THEN
        PERFORM record_bank_change('category.deleted', NULL, NEW.slug);
    ELSIF is_live THEN
        PERFORM record_bank_change('category.updated', NULL, NEW.slug);
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER questions_change_feed AFTER INSERT OR UPDATE ON questions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION questions_changed();
CREATE CONSTRAINT TRIGGER categories_change_feed AFTER INSERT OR UPDATE ON categories
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION categories_changed();

-- The bank as it stands, so that a client that reads the feed from the beginning receives all of it: every live
-- category (in display order), then every live question (by number). They are dated now, when they entered the feed,
-- so that the retention window counts from today.
INSERT INTO bank_changes (type, category_slug)
SELECT 'category.created', slug FROM categories WHERE deleted_at IS NULL ORDER BY position;
INSERT INTO bank_changes (type, question_number)
SELECT 'question.created', number FROM questions WHERE deleted_at IS NULL ORDER BY number;
