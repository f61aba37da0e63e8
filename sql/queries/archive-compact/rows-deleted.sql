-- archive-compact: the rows deleted from PostgreSQL because of a group's inputs (the merged object carries them on).
SELECT coalesce(sum(rows_deleted), 0) FROM archive_manifest WHERE object_key = ANY(CAST(:keys AS TEXT[]))
