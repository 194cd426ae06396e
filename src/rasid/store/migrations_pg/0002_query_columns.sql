-- Query support for the web process (the same as SQLite's 0002): pages in resolution order, the
-- events of an article or of an entity, and name keys for the actor and entity name filters.
-- The JSON columns are TEXT (key order kept): the backfills below read them cast to jsonb.
CREATE INDEX events_position ON events(position);
CREATE INDEX entities_position ON entities(position);
CREATE INDEX entities_type ON entities(type, position);
CREATE INDEX profiles_position ON profiles(position);
CREATE INDEX discrepancies_kind ON discrepancies(kind, position);

-- The place entity of each event (filled from the stored JSON for resolutions saved before).
ALTER TABLE events ADD COLUMN location_entity TEXT;
UPDATE events SET location_entity = json::jsonb #>> '{location,entity}';
CREATE INDEX events_location_entity ON events(location_entity);

-- Normalized name keys, one per line, written with each resolution. NULL for a resolution saved
-- before this migration: the filters then fall back to the event's search text (a superset) and
-- the entity's JSON until the next saved resolution (the fingerprint is cleared below for that).
ALTER TABLE events ADD COLUMN actor_names TEXT;
ALTER TABLE entities ADD COLUMN names TEXT;

-- Which articles each event is mentioned in (filled from the stored JSON for earlier resolutions).
CREATE TABLE event_articles (
    event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL,
    PRIMARY KEY (event_id, article_id)
);
CREATE INDEX event_articles_article ON event_articles(article_id);
INSERT INTO event_articles (event_id, article_id)
    SELECT e.id, m.mention ->> 'article'
    FROM events e,
         jsonb_array_elements(CASE WHEN jsonb_typeof(e.json::jsonb -> 'mentions') = 'array'
                                   THEN e.json::jsonb -> 'mentions' ELSE '[]'::jsonb END) AS m(mention)
    WHERE m.mention ->> 'article' IS NOT NULL
    ON CONFLICT DO NOTHING;

-- Readings in article id order by code point (COLLATE "C", as SQLite orders text), paged by id:
-- an index range instead of a sort of every reading, whatever the database's default collation.
CREATE INDEX articles_read_id ON articles (id COLLATE "C") WHERE reading IS NOT NULL;

-- The next run re-saves the resolution, with the name keys.
DELETE FROM store_meta WHERE key = 'resolution_fingerprint';
