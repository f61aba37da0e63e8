package io.flowbatch.archive;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * A worker's share of the partitions, planned from PostgreSQL when the worker's step (re)starts: partitions already
 * archived have nothing left to plan, so a restart picks up exactly the partitions whose rows are still there.
 */
public class PartitionReader implements ItemReader<ArchivePartition> {

	private final ArchiveDefinition definition;

	private final NamedParameterJdbcTemplate jdbc;

	private final MapSqlParameterSource planParameters;

	private Iterator<ArchivePartition> plan;

	PartitionReader(ArchiveDefinition definition, NamedParameterJdbcTemplate jdbc, MapSqlParameterSource runParameters,
			int worker, int workers) {
		this.definition = definition;
		this.jdbc = jdbc;
		this.planParameters = new MapSqlParameterSource(runParameters.getValues()).addValue("worker", worker)
			.addValue("workers", workers);
	}

	@Override
	public ArchivePartition read() {
		if (this.plan == null) {
			this.plan = plan(this.definition, this.jdbc, this.planParameters).iterator();
		}
		return this.plan.hasNext() ? this.plan.next() : null;
	}

	static List<ArchivePartition> plan(ArchiveDefinition definition, NamedParameterJdbcTemplate jdbc,
			MapSqlParameterSource parameters) {
		return jdbc.query(definition.planSql(), parameters, (row, n) -> partition(definition, row));
	}

	private static ArchivePartition partition(ArchiveDefinition definition, ResultSet row) throws SQLException {
		Map<String, String> values = new LinkedHashMap<>();
		for (String column : definition.partitionColumns()) {
			values.put(column, row.getString(column));
		}
		return new ArchivePartition(values, row.getLong("row_count"), row.getLong("estimated_bytes"),
				row.getString("first_id"), row.getString("last_id"));
	}

}
