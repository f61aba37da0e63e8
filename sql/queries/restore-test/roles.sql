-- restore-test: the target cluster's roles, quoted as pg_dumpall quotes them.
SELECT quote_ident(rolname) FROM pg_roles
