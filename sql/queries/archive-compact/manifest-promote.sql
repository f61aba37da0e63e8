-- archive-compact: the manifest row of a staged object moves to the final key it was copied to.
UPDATE archive_manifest SET object_key = :final_key, verified_at = now() AT TIME ZONE 'UTC'
 WHERE object_key = :staged_key
