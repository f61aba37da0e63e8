-- db-maintenance: invalid indexes an interrupted REINDEX INDEX CONCURRENTLY left beside :index (named
-- <index>_ccnew, _ccnew1, ...); dropped before the index is rebuilt again.
SELECT c.relname
  FROM pg_index x
  JOIN pg_class c ON c.oid = x.indexrelid
 WHERE c.relnamespace = current_schema()::regnamespace
   AND NOT x.indisvalid
   AND c.relname ~ ('^' || :index || '_ccnew[0-9]*$')
