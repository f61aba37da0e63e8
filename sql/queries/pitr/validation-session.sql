-- The drill's session on the restored copy, before it validates (the validation is part of the drill's RTO).
-- JIT off: the row counts are single scans over a server that has just promoted, where compiling them cost ~50 ms of
-- a ~380 ms count (EXPLAIN ANALYZE on the 1.3 GB benchmark copy) and loading the JIT library on first use more.
SET jit = off
