-- Search by contact name (GET /conversations?q=) matches a part of the
-- name, case and accents aside, so no index can seek it: it reads the
-- tenant's names. name_folded is the name as that search compares it
-- (sqlstore.foldName: lower case, Portuguese accents dropped), written by
-- the store with the name; the index holds it with the contact's ID, so
-- the search reads one index range of short values instead of every
-- contact's row, folding each name again at every keystroke. Names
-- already stored are folded here (lower() folds ASCII only, hence a
-- replace per accented letter: the letters foldName knows).
ALTER TABLE contacts ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';
UPDATE contacts SET name_folded = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(lower(name), 'á', 'a'), 'à', 'a'), 'â', 'a'), 'ã', 'a'), 'ä', 'a'), 'å', 'a'), 'é', 'e'), 'è', 'e'), 'ê', 'e'), 'ë', 'e'), 'í', 'i'), 'ì', 'i'), 'î', 'i'), 'ï', 'i'), 'ó', 'o'), 'ò', 'o'), 'ô', 'o'), 'õ', 'o'), 'ö', 'o'), 'ú', 'u'), 'ù', 'u'), 'û', 'u'), 'ü', 'u'), 'ç', 'c'), 'ñ', 'n'), 'ý', 'y'), 'ÿ', 'y'), 'Á', 'a'), 'À', 'a'), 'Â', 'a'), 'Ã', 'a'), 'Ä', 'a'), 'Å', 'a'), 'É', 'e'), 'È', 'e'), 'Ê', 'e'), 'Ë', 'e'), 'Í', 'i'), 'Ì', 'i'), 'Î', 'i'), 'Ï', 'i'), 'Ó', 'o'), 'Ò', 'o'), 'Ô', 'o'), 'Õ', 'o'), 'Ö', 'o'), 'Ú', 'u'), 'Ù', 'u'), 'Û', 'u'), 'Ü', 'u'), 'Ç', 'c'), 'Ñ', 'n'), 'Ý', 'y');
CREATE INDEX contacts_name_folded ON contacts(tenant_id, name_folded, id);
