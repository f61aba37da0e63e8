-- backup / restore-test: a content hash of a sample of a table's rows, the first 100 by primary key. Taken in the
-- dump's snapshot at backup time and again in the restored copy: equal hashes mean equal rows. The two
-- placeholders are the table and its primary key columns.
SELECT md5(coalesce(string_agg(sample::TEXT, '|'), '')) FROM (SELECT * FROM %s ORDER BY %s LIMIT 100) AS sample
