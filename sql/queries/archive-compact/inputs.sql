-- archive-compact: a group's inputs as archive_manifest records them, in the group's order.
SELECT m.object_key, m.row_count, m.byte_size, m.sha256, m.min_id, m.max_id, m.content_checksum, m.rows_deleted
  FROM unnest(CAST(:keys AS TEXT[])) WITH ORDINALITY AS k(object_key, position)
  JOIN archive_manifest m ON m.object_key = k.object_key
 ORDER BY k.position
