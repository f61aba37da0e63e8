-- Whether the session :pid still holds flowbatch's two-key advisory lock (:namespace, :key). A session that ended
-- (terminated, network cut, idle timeout) holds nothing: the lock it stood for is gone. pg_locks shows both keys as
-- unsigned 32-bit OIDs, objsubid 2 marks the two-key form.
SELECT count(*) > 0
  FROM pg_locks
 WHERE locktype = 'advisory'
   AND granted
   AND objsubid = 2
   AND pid = :pid
   AND CAST(CAST(classid AS TEXT) AS BIGINT) = :namespace
   AND CAST(CAST(objid AS TEXT) AS BIGINT) = :key
