-- restore-test: the roles earlier runs created from a backup's globals (marked by their comment), quoted; dropped
-- with the scratch databases that used them.
SELECT quote_ident(r.rolname)
  FROM pg_roles r
  JOIN pg_shdescription d ON d.objoid = r.oid AND d.classoid = CAST('pg_authid' AS REGCLASS)
 WHERE d.description = 'flowbatch restore-test scratch role'
