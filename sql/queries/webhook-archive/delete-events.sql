-- webhook-archive: deletes a batch of ids read back from a verified object.
DELETE FROM webhook_events WHERE id = ANY(?)
