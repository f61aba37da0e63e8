SELECT pg_size_bytes(current_setting('wal_segment_size'))
