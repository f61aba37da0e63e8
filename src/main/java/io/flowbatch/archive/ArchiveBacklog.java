package io.flowbatch.archive;

import java.sql.Timestamp;

import io.flowbatch.metrics.JobMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * After every run of an archive job, failed ones too: how many rows older than its cutoff ({@code before}) are still
 * in PostgreSQL, as {@code flowbatch_archive_backlog_rows{dataset}}. Zero after a complete run; growing from run to
 * run when the archive does not keep up.
 */
public class ArchiveBacklog implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(ArchiveBacklog.class);

	private final JdbcClient jdbc;

	private final JobMetrics metrics;

	private final String dataset;

	private final String countOlderThanCutoff;

	/** {@code countOlderThanCutoff} counts the dataset's rows before {@code :cutoff}. */
	public ArchiveBacklog(JdbcClient jdbc, JobMetrics metrics, String dataset, String countOlderThanCutoff) {
		this.jdbc = jdbc;
		this.metrics = metrics;
		this.dataset = dataset;
		this.countOlderThanCutoff = countOlderThanCutoff;
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		Timestamp cutoff = Timestamp.valueOf(jobExecution.getJobParameters().getLocalDate("before").atStartOfDay());
		try {
			long rows = this.jdbc.sql(this.countOlderThanCutoff).param("cutoff", cutoff).query(Long.class).single();
			this.metrics.set("flowbatch.archive.backlog.rows", rows, "dataset", this.dataset);
		}
		catch (DataAccessException ex) {
			logger.warn("Could not count the {} archive backlog: {}", this.dataset, ex.getMostSpecificCause().getMessage());
		}
	}

}
