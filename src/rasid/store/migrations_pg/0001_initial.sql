-- Rasid PostgreSQL schema, first version (the same tables and columns as the SQLite schema).
-- JSON is kept as TEXT so that key order round-trips exactly (jsonb would reorder keys).
CREATE TABLE articles (
    seq               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                TEXT NOT NULL UNIQUE,
    external_id       TEXT,
    source            TEXT,
    url               TEXT,
    outlet            TEXT,
    published         TEXT,
    published_basis   TEXT,
    title             TEXT,
    author            TEXT,
    genre             TEXT,
    raw               TEXT NOT NULL,
    text              TEXT NOT NULL,
    removed           TEXT NOT NULL DEFAULT '[]',
    content_hash      TEXT NOT NULL UNIQUE,
    near_duplicate_of TEXT REFERENCES articles(id),
    ingested_at       TEXT NOT NULL,
    read_at           TEXT,
    reading           TEXT,
    -- Full-text index over normalized words and their clitic-stripped keys ('simple' config):
    -- the title weighted A, the body D.
    search            TSVECTOR NOT NULL
);
CREATE INDEX articles_unread ON articles(seq) WHERE reading IS NULL;
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_search ON articles USING GIN (search);

-- The corpus resolution (replaced as a whole): CONTRACT JSON plus indexed filter columns.
CREATE TABLE events (
    id            TEXT PRIMARY KEY,
    position      INTEGER NOT NULL,
    type          TEXT,
    subtype       TEXT,
    date_earliest TEXT,
    date_latest   TEXT,
    country       TEXT,
    search_text   TEXT NOT NULL DEFAULT '',
    json          TEXT NOT NULL
);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_dates ON events(date_earliest, date_latest);
CREATE INDEX events_country ON events(country);

CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    kb_id    TEXT NOT NULL,
    PRIMARY KEY (event_id, kb_id)
);
CREATE INDEX event_actors_kb ON event_actors(kb_id);

CREATE TABLE entities (
    id       TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    kb_id    TEXT,
    type     TEXT,
    json     TEXT NOT NULL
);
CREATE INDEX entities_kb ON entities(kb_id);

CREATE TABLE profiles (
    entity   TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    json     TEXT NOT NULL
);

CREATE TABLE discrepancies (
    position INTEGER PRIMARY KEY,
    subject  TEXT,
    field    TEXT,
    kind     TEXT,
    json     TEXT NOT NULL
);
CREATE INDEX discrepancies_subject ON discrepancies(subject);

-- Small key/value facts about the database (e.g. the fingerprint of the saved resolution).
CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE ingest_failures (
    id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    time   TEXT NOT NULL
);
