-- archive-verify: the next page of objects to check, in key order, after :after (the reader keeps the last key of
-- each committed chunk, so a restart resumes after it): every object recorded since :since.
SELECT object_key, dataset, row_count, byte_size, sha256, content_checksum
  FROM archive_manifest
 WHERE verified_at >= :since
   AND object_key > :after
 ORDER BY object_key
 LIMIT :page_size
