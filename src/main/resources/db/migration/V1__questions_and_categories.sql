-- The bank itself: five categories and their questions.
-- A question's public, stable id is its global number (1-40 for the seeded bank), so it is the primary key.

CREATE TABLE categories (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 64),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description text        NOT NULL,
    -- Display order of the categories (the order of the seed document); also their pagination sort key.
    position    integer     NOT NULL UNIQUE,
    version     bigint      NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE questions (
    number      integer     PRIMARY KEY CHECK (number > 0),
    category_id bigint      NOT NULL REFERENCES categories (id),
    text        text        NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    notes       text,
    tags        text[]      NOT NULL DEFAULT '{}',
    difficulty  text        NOT NULL CHECK (difficulty IN ('junior', 'mid', 'senior')),
    version     bigint      NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Filtered pages seek on (category_id, number): the filter and the keyset in one index range scan.
CREATE INDEX questions_category_number_idx ON questions (category_id, number);
-- ?tag= filters use array containment (tags @> ARRAY[...]), which a GIN index serves.
CREATE INDEX questions_tags_idx ON questions USING gin (tags);
CREATE INDEX questions_difficulty_number_idx ON questions (difficulty, number);
