-- archive-compact: a group's new state, with what was verified (kept when not given); only from the expected state.
UPDATE archive_compactions
   SET state = :state,
       row_count = coalesce(:row_count, row_count),
       byte_size = coalesce(:byte_size, byte_size),
       sha256 = coalesce(:sha256, sha256),
       content_checksum = coalesce(:content_checksum, content_checksum),
       updated_at = now() AT TIME ZONE 'UTC'
 WHERE id = :id AND state = :expected_state
