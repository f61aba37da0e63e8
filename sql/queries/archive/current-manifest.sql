-- The objects of one dataset archive_manifest names now, for DATASET/_manifests/current.json.
SELECT object_key, partition_path, row_count, byte_size, sha256, min_id, max_id, content_checksum
  FROM archive_manifest
 WHERE dataset = :dataset
 ORDER BY object_key
