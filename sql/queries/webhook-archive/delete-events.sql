-- webhook-archive: deletes the ids read back from a verified object and returns each deleted row's version; the
-- partition rolls back unless they are exactly the versions exported (no row changed since).
DELETE FROM webhook_events WHERE id = ANY(CAST(:ids AS BIGINT[]))
RETURNING CAST(id AS TEXT), CAST(CAST(xmin AS TEXT) AS BIGINT)
