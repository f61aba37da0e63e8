-- webhook-reprocess: the flow item a "flow item not found" event needs, created as the tracker had it before the
-- event (backlog, in progress, no transitions: the retried event moves it); nothing if it exists by now.
INSERT INTO flow_items (external_id, team_id, item_type, title, current_stage, status, created_at, updated_at,
                        metadata)
VALUES (:external_id, :team_id, :item_type, :title, 'backlog', 'in_progress', :received_at, :received_at,
        CAST(:metadata AS jsonb))
ON CONFLICT (external_id, team_id) DO NOTHING
RETURNING id
