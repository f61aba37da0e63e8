package io.flowbatch.archive;

import java.util.List;
import java.util.Map;

import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.sql.SqlFiles;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code archive_manifest} table: verified objects and the rows deleted because of them. */
@Component
public class ArchiveManifest {

	private static final String INSERT = SqlFiles.read("queries/archive/manifest-insert.sql");

	private static final String OF_INSTANCE = SqlFiles.read("queries/archive/manifest-of-instance.sql");

	private static final String HELD_BACK_OF_INSTANCE = SqlFiles.read("queries/archive/held-back-of-instance.sql");

	private final JdbcClient jdbc;

	private final JobMetrics metrics;

	public ArchiveManifest(JdbcClient jdbc, JobMetrics metrics) {
		this.jdbc = jdbc;
		this.metrics = metrics;
	}

	/** A verified object; record it in the transaction that deletes its rows. */
	public record Entry(String objectKey, String dataset, String partitionPath, long rowCount, long byteSize,
			String sha256, String minId, String maxId, String contentChecksum, long rowsDeleted, long executionId) {
	}

	public void record(Entry entry) {
		this.jdbc.sql(INSERT)
			.param("object_key", entry.objectKey())
			.param("dataset", entry.dataset())
			.param("partition_path", entry.partitionPath())
			.param("row_count", entry.rowCount())
			.param("byte_size", entry.byteSize())
			.param("sha256", entry.sha256())
			.param("min_id", entry.minId())
			.param("max_id", entry.maxId())
			.param("content_checksum", entry.contentChecksum())
			.param("rows_deleted", entry.rowsDeleted())
			.param("job_execution_id", entry.executionId())
			.update();
		this.metrics.countOnCommit("flowbatch.archive.objects", 1, "dataset", entry.dataset());
		this.metrics.countOnCommit("flowbatch.archive.rows", entry.rowCount(), "dataset", entry.dataset());
		this.metrics.countOnCommit("flowbatch.archive.bytes", entry.byteSize(), "dataset", entry.dataset());
		this.metrics.countOnCommit("flowbatch.archive.deleted.rows", entry.rowsDeleted(), "dataset", entry.dataset());
	}

	/** The objects recorded by any execution of a job instance, for the run's JSON manifest. */
	public List<Map<String, Object>> ofJobInstance(long jobInstanceId) {
		return this.jdbc.sql(OF_INSTANCE).param("job_instance_id", jobInstanceId).query().listOfRows();
	}

	/** The rows any execution of a job instance held back (values Parquet cannot hold exactly). */
	public List<Map<String, Object>> heldBackOfJobInstance(long jobInstanceId) {
		return this.jdbc.sql(HELD_BACK_OF_INSTANCE).param("job_instance_id", jobInstanceId).query().listOfRows();
	}

}
