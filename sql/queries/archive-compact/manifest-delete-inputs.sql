-- archive-compact: the inputs leave archive_manifest (the caller checks that exactly they went).
DELETE FROM archive_manifest WHERE object_key = ANY(CAST(:keys AS TEXT[])) RETURNING object_key
