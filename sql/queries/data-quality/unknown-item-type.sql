-- data-quality: items whose type is not one of flowbatch.data-quality.known-item-types (a typo such as 'featrue'
-- would become a type of its own in the metrics). Sample: item ids.
WITH found AS (
    SELECT id::text AS sample_id
      FROM flow_items
     WHERE item_type NOT IN (:known_types)
)
SELECT (SELECT count(*) FROM found) AS finding_count,
       ARRAY(SELECT sample_id FROM found ORDER BY sample_id LIMIT :samples) AS sample_ids
