package io.flowbatch.archive;

import java.util.List;
import java.util.Map;

import io.flowbatch.metrics.JobMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * After every run of an archive job, failed ones too:
 * <ul>
 * <li>how many rows the run should have archived are still in PostgreSQL, as
 * {@code flowbatch_archive_backlog_rows{dataset}}: zero after a complete run, growing from run to run when the
 * archive does not keep up;</li>
 * <li>the rows the job instance held back, named in the execution's exit description, so that {@code status} and
 * the scheduler's log show them;</li>
 * <li>once the instance has completed, its stored plan ({@link ArchivePlans}) is deleted.</li>
 * </ul>
 */
class ArchiveRunReport implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(ArchiveRunReport.class);

	private final ArchiveDefinition definition;

	private final NamedParameterJdbcTemplate jdbc;

	private final ArchiveManifest manifest;

	private final JobMetrics metrics;

	ArchiveRunReport(ArchiveDefinition definition, NamedParameterJdbcTemplate jdbc, ArchiveManifest manifest,
			JobMetrics metrics) {
		this.definition = definition;
		this.jdbc = jdbc;
		this.manifest = manifest;
		this.metrics = metrics;
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		if (jobExecution.getStatus() == BatchStatus.COMPLETED) {
			try {
				ArchivePlans.deleteOfInstance(this.jdbc, jobExecution.getJobInstance().getInstanceId());
			}
			catch (DataAccessException ex) {
				logger.warn("Could not delete the stored plan of {} instance {} (no restart reads it): {}",
						this.definition.jobName(), jobExecution.getJobInstance().getInstanceId(),
						ex.getMostSpecificCause().getMessage());
			}
		}
		try {
			long rows = this.jdbc.queryForObject(this.definition.backlogSql(),
					ArchiveRun.parameters(jobExecution.getJobParameters()), Long.class);
			this.metrics.set("flowbatch.archive.backlog.rows", rows, "dataset", this.definition.dataset());
			List<Map<String, Object>> heldBack = this.manifest
				.heldBackOfJobInstance(jobExecution.getJobInstance().getInstanceId());
			if (!heldBack.isEmpty()) {
				ExitStatus status = jobExecution.getExitStatus();
				jobExecution.setExitStatus(status.addExitDescription(heldBack.size()
						+ " rows held back in PostgreSQL, Parquet cannot hold a value exactly (listed in the plan step"
						+ " and the run manifest): " + heldBack.stream()
							.limit(10)
							.map((row) -> row.get("dataset") + " " + row.get("row_id") + " " + row.get("column_name")
									+ "=" + row.get("column_value"))
							.toList()));
			}
		}
		catch (DataAccessException ex) {
			logger.warn("Could not report the {} archive backlog: {}", this.definition.dataset(),
					ex.getMostSpecificCause().getMessage());
		}
	}

}
