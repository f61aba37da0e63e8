package io.flowbatch.dbhealth;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Map;

import io.flowbatch.sql.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The {@code sizes} step: the day's size of every table, index and the database into {@code db_health_sizes}; one
 * statement, so a rerun or restart on the same day replaces the day's rows.
 */
class SizeSnapshot implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(SizeSnapshot.class);

	private static final String RECORD = SqlFiles.read("queries/db-health/record-sizes.sql");

	private final NamedParameterJdbcTemplate jdbc;

	private final LocalDate snapshotDate;

	SizeSnapshot(NamedParameterJdbcTemplate jdbc, LocalDate snapshotDate) {
		this.jdbc = jdbc;
		this.snapshotDate = snapshotDate;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext context) {
		long executionId = context.getStepContext().getStepExecution().getJobExecutionId();
		int rows = this.jdbc.update(RECORD,
				Map.of("snapshot_date", Date.valueOf(this.snapshotDate), "job_execution_id", executionId));
		contribution.incrementWriteCount(rows);
		logger.info("Sizes of {} relations recorded for {}", rows, this.snapshotDate);
		return RepeatStatus.FINISHED;
	}

}
