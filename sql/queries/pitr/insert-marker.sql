-- A marker with the row counts of the flow-metrics tables in the same snapshot (one statement).
INSERT INTO pitr_markers (written_by, job_execution_id, row_counts)
SELECT :writtenBy, :executionId, jsonb_build_object(
    'teams', (SELECT count(*) FROM teams),
    'flow_items', (SELECT count(*) FROM flow_items),
    'stage_transitions', (SELECT count(*) FROM stage_transitions),
    'stage_metrics', (SELECT count(*) FROM stage_metrics),
    'webhook_events', (SELECT count(*) FROM webhook_events))
RETURNING id, written_at, row_counts::text AS row_counts
