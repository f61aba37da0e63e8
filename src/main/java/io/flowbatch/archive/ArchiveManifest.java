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

	private static final String INSERT = SqlFiles.read("queries/archive-manifest-insert.sql");

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

	/** Whether an object is recorded as verified (and its rows deleted). */
	public boolean contains(String objectKey) {
		return this.jdbc.sql("SELECT count(*) FROM archive_manifest WHERE object_key = ?")
			.param(objectKey)
			.query(Integer.class)
			.single() > 0;
	}

	/** The objects recorded by any execution of a job instance, for the run's JSON manifest. */
	public List<Map<String, Object>> ofJobInstance(long jobInstanceId) {
		return this.jdbc.sql("""
				SELECT object_key, dataset, partition_path, row_count, byte_size, sha256, min_id, max_id,
				       content_checksum, verified_at, rows_deleted, job_execution_id
				  FROM archive_manifest
				 WHERE job_execution_id IN (SELECT job_execution_id FROM batch_job_execution WHERE job_instance_id = ?)
				 ORDER BY object_key""").param(jobInstanceId).query().listOfRows();
	}

}
