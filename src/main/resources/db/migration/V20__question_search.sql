-- Full-text search over the bank (GET /v1/questions?q=...). The database keeps the document itself: a STORED
-- generated column is recomputed by PostgreSQL on every insert and update of a question, so no code path (REST,
-- admin edits, a hand-written UPDATE) can leave it stale. Weights rank a match in the question's text above one in
-- its tags, and both above one in the author's notes: text A, tags B, notes C (ts_rank_cd's default weights for
-- A, B, C are 1.0, 0.4, 0.2).

-- array_to_string is only STABLE (it calls the element type's output function, which for some types depends on
-- settings such as DateStyle), and a generated column may only use IMMUTABLE functions. For text[] the result
-- depends on nothing but the array, so this wrapper is honestly IMMUTABLE.
CREATE FUNCTION qbank_tags_text(tags text[]) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN array_to_string(tags, ' ');

ALTER TABLE questions ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', text), 'A')
    || setweight(to_tsvector('english', coalesce(qbank_tags_text(tags), '')), 'B')
    || setweight(to_tsvector('english', coalesce(notes, '')), 'C')
) STORED;

-- search_vector @@ websearch_to_tsquery(...) is answered from this index.
CREATE INDEX questions_search_idx ON questions USING gin (search_vector);
