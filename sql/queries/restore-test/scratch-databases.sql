-- restore-test: the scratch databases of earlier runs (killed, or kept with keep=true).
SELECT datname FROM pg_database WHERE starts_with(datname, ?)
