package io.flowbatch.dbhealth;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.flowbatch.sql.SqlFiles;

import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Runs one section's query (reading the statistics views only). pg_stat_statements is read only where the extension
 * is installed in this database and loaded; otherwise the section says so.
 */
class SectionCheck implements ItemProcessor<Section, List<HealthFinding>> {

	/** Installed and loaded: without shared_preload_libraries the view exists but reading it is an error. */
	private static final String HAS_PG_STAT_STATEMENTS = "SELECT to_regclass('pg_stat_statements') IS NOT NULL"
			+ " AND current_setting('shared_preload_libraries') LIKE '%pg_stat_statements%'";

	private final NamedParameterJdbcTemplate jdbc;

	private final MapSqlParameterSource parameters;

	SectionCheck(NamedParameterJdbcTemplate jdbc, DbHealthProperties properties, LocalDate snapshotDate) {
		this.jdbc = jdbc;
		this.parameters = new MapSqlParameterSource().addValue("snapshot_date", Date.valueOf(snapshotDate))
			.addValue("capacity_bytes",
					(properties.diskCapacity() != null) ? properties.diskCapacity().toBytes() : null,
					java.sql.Types.BIGINT)
			.addValue("large_table_rows", properties.largeTableRows())
			.addValue("long_running_seconds", properties.longRunning().toSeconds())
			.addValue("idle_seconds", properties.idleInTransaction().toSeconds())
			.addValue("slow_statements", properties.slowStatements());
	}

	@Override
	public List<HealthFinding> process(Section section) {
		if (section == Section.SLOW_STATEMENTS
				&& !this.jdbc.queryForObject(HAS_PG_STAT_STATEMENTS, Map.of(), Boolean.class)) {
			return List.of(new HealthFinding(section, "pg_stat_statements", null, "not installed in this database, or not loaded"
					+ " (shared_preload_libraries = 'pg_stat_statements', then CREATE EXTENSION pg_stat_statements)"));
		}
		return this.jdbc.query(SqlFiles.read(section.sqlFile()), this.parameters, (row, n) -> {
			double value = row.getDouble("value");
			return new HealthFinding(section, row.getString("subject"), row.wasNull() ? null : value,
					row.getString("detail"));
		});
	}

}
