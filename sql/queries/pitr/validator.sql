-- The role the drill validates the restored copy as, and whether it is a superuser there.
SELECT current_user AS role, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user
