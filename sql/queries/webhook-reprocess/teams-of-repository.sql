-- webhook-reprocess: the team whose configured repository (teams.config.repository) a GitHub or GitLab event is about.
SELECT id FROM teams WHERE config ->> 'repository' = :repository ORDER BY id LIMIT 2
