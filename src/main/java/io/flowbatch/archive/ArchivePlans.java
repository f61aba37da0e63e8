package io.flowbatch.archive;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flowbatch.sql.SqlFiles;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The partitions the plan step planned, stored ({@code archive_plan_partitions}) so that the workers archive them
 * without running the plan query again: worker i of n takes those whose place in the plan is i modulo n. The plan
 * step's execution context names the execution that stored them.
 */
final class ArchivePlans {

	/** In the plan step's execution context: the job execution whose plan step stored the partitions. */
	static final String STORED_BY = "archive.plan.stored-by";

	private static final String INSERT = SqlFiles.read("queries/archive/plan-insert.sql");

	private static final String SHARE = SqlFiles.read("queries/archive/plan-share.sql");

	private static final String DELETE_OF_INSTANCE = SqlFiles.read("queries/archive/plan-delete-of-instance.sql");

	private ArchivePlans() {
	}

	/** Stores the plan in the plan step's transaction and names it in the plan step's execution context. */
	static void store(NamedParameterJdbcTemplate jdbc, ArchiveDefinition definition, List<ArchivePartition> plan,
			long executionId, ExecutionContext planStep) {
		List<MapSqlParameterSource> rows = new ArrayList<>();
		for (int ordinal = 0; ordinal < plan.size(); ordinal++) {
			ArchivePartition partition = plan.get(ordinal);
			rows.add(new MapSqlParameterSource().addValue("job_execution_id", executionId)
				.addValue("ordinal", ordinal)
				.addValue("partition_values",
						definition.partitionColumns().stream().map(partition::value).toArray(String[]::new))
				.addValue("row_count", partition.rowCount())
				.addValue("estimated_bytes", partition.estimatedBytes())
				.addValue("first_id", partition.firstId())
				.addValue("last_id", partition.lastId()));
		}
		jdbc.batchUpdate(INSERT, rows.toArray(MapSqlParameterSource[]::new));
		planStep.putLong(STORED_BY, executionId);
	}

	/** Worker {@code worker} of {@code workers}' share of the plan stored by execution {@code storedBy}, in order. */
	static List<ArchivePartition> share(NamedParameterJdbcTemplate jdbc, ArchiveDefinition definition, long storedBy,
			int worker, int workers) {
		return jdbc.query(SHARE, new MapSqlParameterSource().addValue("plan_execution", storedBy)
			.addValue("worker", worker)
			.addValue("workers", workers), (row, n) -> {
				String[] values = partitionValues(row.getArray("partition_values"));
				Map<String, String> byColumn = new LinkedHashMap<>();
				for (int index = 0; index < definition.partitionColumns().size(); index++) {
					byColumn.put(definition.partitionColumns().get(index), values[index]);
				}
				return new ArchivePartition(byColumn, row.getLong("row_count"), row.getLong("estimated_bytes"),
						row.getString("first_id"), row.getString("last_id"));
			});
	}

	/** Once the job instance has completed, nothing reads its plan again. */
	static void deleteOfInstance(NamedParameterJdbcTemplate jdbc, long jobInstanceId) {
		jdbc.update(DELETE_OF_INSTANCE, new MapSqlParameterSource("job_instance_id", jobInstanceId));
	}

	private static String[] partitionValues(java.sql.Array array) throws SQLException {
		try {
			return (String[]) array.getArray();
		}
		finally {
			array.free();
		}
	}

}
