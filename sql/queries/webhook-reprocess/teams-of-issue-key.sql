-- webhook-reprocess: the team whose board (teams.config.board, the tracker's project key) an issue key belongs to:
-- CHK-17, or s42-CHK-17 as the generator writes them.
SELECT id FROM teams
 WHERE config ->> 'board' ~ '^[A-Za-z0-9_]+$'
   AND :issue_key ~ ('(^|-)' || (config ->> 'board') || '-[0-9]+$')
 ORDER BY id
 LIMIT 2
