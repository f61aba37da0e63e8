-- The same counts as insert-marker.sql, in a restored copy.
SELECT jsonb_build_object(
    'teams', (SELECT count(*) FROM teams),
    'flow_items', (SELECT count(*) FROM flow_items),
    'stage_transitions', (SELECT count(*) FROM stage_transitions),
    'stage_metrics', (SELECT count(*) FROM stage_metrics),
    'webhook_events', (SELECT count(*) FROM webhook_events))::text
