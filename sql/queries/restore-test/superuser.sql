-- restore-test: whether the restoring role is a superuser, who alone may give objects to every owner.
SELECT rolsuper FROM pg_roles WHERE rolname = current_user
