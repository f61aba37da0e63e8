-- For objects listed under a partition: whether each is the verified archive of record (in archive_manifest), was
-- written by an attempt of this database that was never recorded (safe to remove: none of its rows was deleted), or
-- neither (not this database's: never touched).
SELECT k.object_key,
       EXISTS (SELECT 1 FROM archive_manifest m WHERE m.object_key = k.object_key)         AS recorded,
       EXISTS (SELECT 1 FROM archive_upload_attempts a WHERE a.object_key = k.object_key)  AS attempted
  FROM unnest(CAST(:keys AS TEXT[])) AS k(object_key)
