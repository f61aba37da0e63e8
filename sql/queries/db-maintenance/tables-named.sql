-- db-maintenance: which of :tables are tables of flowbatch's schema (vacuumFull must name existing tables).
SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname IN (:tables)
