-- The read-only verbs' sessions: PostgreSQL refuses every write in them, also under autocommit, where the JDBC
-- read-only flag alone does not.
SET default_transaction_read_only = on
