-- Admin writes. Questions and categories are never deleted outright: DELETE sets deleted_at, which hides the row from
-- the bank (listings, reads, exports, new attempts) while learners' attempts keep pointing at it and stay readable,
-- and a question's number is never given to another question.
ALTER TABLE questions ADD COLUMN deleted_at timestamptz;
ALTER TABLE categories ADD COLUMN deleted_at timestamptz;

-- A question's text is unique among live questions, compared regardless of case and runs of whitespace (a duplicate is
-- a 409). The key is hashed: a b-tree entry holds at most about 2.7 kB, and 2,000 characters of UTF-8 may exceed it.
CREATE UNIQUE INDEX questions_live_text_uq
    ON questions (md5(lower(btrim(regexp_replace(text, '\s+', ' ', 'g'))))) WHERE deleted_at IS NULL;

-- Slugs, names and positions are unique among live categories only, so a deleted category's slug and place can be
-- taken again.
ALTER TABLE categories DROP CONSTRAINT categories_slug_key;
ALTER TABLE categories DROP CONSTRAINT categories_position_key;
CREATE UNIQUE INDEX categories_live_slug_uq ON categories (slug) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX categories_live_name_uq ON categories (lower(name)) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX categories_live_position_uq ON categories (position) WHERE deleted_at IS NULL;
