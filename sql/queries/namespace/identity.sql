-- Which database this is: the cluster's system identifier (chosen at initdb, kept by physical copies and replicas,
-- new for every logical restore into another cluster) and the database's name.
SELECT CAST(system_identifier AS TEXT) AS system_identifier, current_database() AS database
  FROM pg_control_system()
