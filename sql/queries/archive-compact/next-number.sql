-- archive-compact: the number the next group's keys carry, so that a group never reuses the key of an earlier one
-- (a partition merged again, with a late object, may have the same first and last id).
SELECT nextval(pg_get_serial_sequence('archive_compactions', 'id'))
