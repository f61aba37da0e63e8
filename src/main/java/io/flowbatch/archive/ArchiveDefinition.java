package io.flowbatch.archive;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What an archive job supplies to the one archive pipeline ({@link ArchivePipeline}): its queries and its tables.
 * Every query may use {@code :cutoff} (the {@code before} parameter, 00:00 UTC) and {@code :include_unprocessed}.
 * @param jobName the job's name
 * @param objectPrefix the object names' prefix ({@code events-FIRST-LAST.parquet})
 * @param partitionColumns the plan query's partition columns, in key order
 * @param planSql the partitions, with {@code row_count}, {@code estimated_bytes}, {@code first_id}, {@code last_id};
 * run once by the plan step with {@code :workers} 1, {@code :worker} 0 (its partitions are stored for the workers);
 * worker {@code :worker} of {@code :workers} gets its share only, for executions planned before plans were stored
 * @param heldBackSql rows the run would archive but leaves, because a value cannot be archived exactly: {@code
 * dataset}, {@code row_id}, {@code column_name}, {@code column_value}
 * @param leftSql rows older than the cutoff the run leaves by policy: {@code reason}, {@code row_count}; or null
 * @param backlogSql rows the run should have archived that are still in PostgreSQL
 * @param lockSql locks the partition's rows in the first table and returns their ids (passed to the exports as
 * {@code :locked_ids}); or null when the exports select by the partition's scope alone
 * @param scope the export queries' parameters for one partition
 * @param tables the tables, parent first; each is exported and verified in this order, deleted in the reverse one
 * @param layout the keys' layout, for the run manifest
 */
public record ArchiveDefinition(String jobName, String objectPrefix, List<String> partitionColumns, String planSql,
		String heldBackSql, @Nullable String leftSql, String backlogSql, @Nullable String lockSql, Scope scope,
		List<ArchiveTable> tables, String layout) {

	/** The first table's dataset: the job's in metrics and run manifests. */
	public String dataset() {
		return this.tables.get(0).dataset();
	}

	/** A partition's scope as named query parameters. */
	@FunctionalInterface
	public interface Scope {

		Map<String, Object> parameters(ArchivePartition partition);

	}

}
