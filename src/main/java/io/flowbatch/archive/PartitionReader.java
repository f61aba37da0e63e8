package io.flowbatch.archive;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * A worker's share of the partitions the plan step stored ({@link ArchivePlans}), read when the worker's step
 * (re)starts. How many of them the worker has read is kept in its step execution context, committed with each
 * partition (one partition per chunk), so a restart continues with the first partition not archived yet: none is
 * exported twice, none skipped.
 * <p>
 * An execution planned before the plan was stored (by an earlier flowbatch version, then restarted after the
 * upgrade) has no stored plan: its workers plan their share from PostgreSQL, as that version did, and a restart
 * of them plans again (the rows already archived are gone, so they are not planned again).
 */
public class PartitionReader implements ItemReader<ArchivePartition>, ItemStream {

	private static final Logger logger = LoggerFactory.getLogger(PartitionReader.class);

	/** In the worker's step execution context: how many partitions of its stored share it has read. */
	static final String READ = "archive.plan.read";

	private final Supplier<List<ArchivePartition>> share;

	private final boolean stored;

	private final String worker;

	private List<ArchivePartition> partitions;

	private int read;

	PartitionReader(Supplier<List<ArchivePartition>> share, boolean stored, String worker) {
		this.share = share;
		this.stored = stored;
		this.worker = worker;
	}

	/** The share of the plan stored by execution {@code storedBy}. */
	static PartitionReader stored(ArchiveDefinition definition, NamedParameterJdbcTemplate jdbc, long storedBy,
			int worker, int workers) {
		return new PartitionReader(() -> ArchivePlans.share(jdbc, definition, storedBy, worker, workers), true,
				describe(definition, worker, workers));
	}

	/** No stored plan (planned by an earlier version): the share planned from PostgreSQL. */
	static PartitionReader planned(ArchiveDefinition definition, NamedParameterJdbcTemplate jdbc,
			MapSqlParameterSource runParameters, int worker, int workers) {
		MapSqlParameterSource parameters = new MapSqlParameterSource(runParameters.getValues()).addValue("worker", worker)
			.addValue("workers", workers);
		return new PartitionReader(() -> plan(definition, jdbc, parameters), false,
				describe(definition, worker, workers));
	}

	@Override
	public void open(ExecutionContext context) {
		this.read = this.stored ? context.getInt(READ, 0) : 0;
	}

	@Override
	public void update(ExecutionContext context) {
		if (this.stored) {
			context.putInt(READ, this.read);
		}
	}

	@Override
	public ArchivePartition read() {
		if (this.partitions == null) {
			this.partitions = this.share.get();
			if (this.stored) {
				logger.info("{}: {} partitions of the stored plan{}", this.worker, this.partitions.size(),
						(this.read > 0) ? ", " + this.read + " archived by an earlier attempt" : "");
			}
			else {
				logger.info("{}: {} partitions planned from PostgreSQL (this execution was planned before plans were"
						+ " stored)", this.worker, this.partitions.size());
			}
		}
		return (this.read < this.partitions.size()) ? this.partitions.get(this.read++) : null;
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

	private static String describe(ArchiveDefinition definition, int worker, int workers) {
		return definition.jobName() + " worker " + worker + " of " + workers;
	}

}
