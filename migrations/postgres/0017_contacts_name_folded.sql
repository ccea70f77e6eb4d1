-- Search by contact name (GET /conversations?q=) matches a part of the
-- name, case and accents aside. name_folded is the name as that search
-- compares it (sqlstore.foldName: lower case, Portuguese accents dropped),
-- written by the store with the name; names already stored are folded
-- here. contacts_name_folded lets the search read the tenant's folded
-- names from the index alone; with pg_trgm, a trigram index finds the
-- parts of names without reading every one.
ALTER TABLE contacts ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';
UPDATE contacts SET name_folded = translate(lower(name), 'áàâãäåéèêëíìîïóòôõöúùûüçñýÿÁÀÂÃÄÅÉÈÊËÍÌÎÏÓÒÔÕÖÚÙÛÜÇÑÝ', 'aaaaaaeeeeiiiiooooouuuucnyyaaaaaaeeeeiiiiooooouuuucny');
CREATE INDEX contacts_name_folded ON contacts(tenant_id, name_folded, id);

-- pg_trgm ships with PostgreSQL (contrib) and is trusted: a database owner
-- may create it. Where it is missing or may not be created, the search
-- still works, reading contacts_name_folded. It goes in the schema public
-- when it is not installed already (a schema dropped with the extension in
-- it would take every index using it along).
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm not available (%): contact name search reads contacts_name_folded', SQLERRM;
END $$;

DO $$
DECLARE
    ext_schema TEXT;
BEGIN
    SELECT n.nspname INTO ext_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_trgm';
    IF ext_schema IS NOT NULL THEN
        EXECUTE format('CREATE INDEX contacts_name_trgm ON contacts USING gin (name_folded %I.gin_trgm_ops)', ext_schema);
    END IF;
END $$;
