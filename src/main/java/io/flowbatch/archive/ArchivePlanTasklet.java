package io.flowbatch.archive;

import java.util.List;
import java.util.stream.Collectors;

import io.flowbatch.execution.Progress;
import io.flowbatch.sql.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The {@code plan} step of an archive job: reports the partitions (rows, estimated bytes), the rows it leaves by
 * policy (e.g. unprocessed webhook events) and the rows it holds back because a value cannot be archived exactly
 * (recorded in {@code archive_held_back}, by id and column), and stores the partitions for the workers
 * ({@link ArchivePlans}): the plan query runs once per job instance. A dry run stores nothing and ends here, with
 * exit status {@code DRY_RUN}.
 */
class ArchivePlanTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(ArchivePlanTasklet.class);

	private static final String INSERT_HELD_BACK = SqlFiles.read("queries/archive/held-back-insert.sql");

	/** How many held-back rows the summary names; all are recorded and logged. */
	private static final int NAMED_HELD_BACK = 10;

	private final ArchiveDefinition definition;

	private final NamedParameterJdbcTemplate jdbc;

	ArchivePlanTasklet(ArchiveDefinition definition, NamedParameterJdbcTemplate jdbc) {
		this.definition = definition;
		this.jdbc = jdbc;
	}

	/** A row left in PostgreSQL because a value cannot be archived exactly. */
	record HeldBack(String dataset, String rowId, String column, String value) {

		@Override
		public String toString() {
			return this.dataset + " " + this.rowId + " " + this.column + "=" + this.value;
		}

	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext context) {
		var stepExecution = context.getStepContext().getStepExecution();
		var jobParameters = stepExecution.getJobParameters();
		MapSqlParameterSource parameters = ArchiveRun.parameters(jobParameters);
		boolean dryRun = ArchiveRun.flag(jobParameters, "dryRun");
		List<ArchivePartition> plan = PartitionReader.plan(this.definition, this.jdbc,
				new MapSqlParameterSource(parameters.getValues()).addValue("workers", 1).addValue("worker", 0));
		if (!dryRun) {
			ArchivePlans.store(this.jdbc, this.definition, plan, stepExecution.getJobExecutionId(),
					stepExecution.getExecutionContext());
		}
		plan.forEach((p) -> logger.info("{} {}: {} rows, ~{} bytes", dryRun ? "Would archive" : "Will archive",
				p.partitionPath(this.definition.dataset()), p.rowCount(), p.estimatedBytes()));
		new Progress(plan.size(), plan.stream().mapToLong(ArchivePartition::rowCount).sum(),
				plan.stream().mapToLong(ArchivePartition::estimatedBytes).sum())
			.putPlanned(stepExecution.getExecutionContext());
		StringBuilder summary = new StringBuilder().append(plan.size())
			.append(" partitions, ")
			.append(plan.stream().mapToLong(ArchivePartition::rowCount).sum())
			.append(" ")
			.append(this.definition.dataset())
			.append(" rows before ")
			.append(jobParameters.getLocalDate("before"))
			.append(" UTC");
		if (this.definition.leftSql() != null) {
			String left = this.jdbc
				.query(this.definition.leftSql(), parameters,
						(row, n) -> row.getLong("row_count") + " " + row.getString("reason"))
				.stream()
				.collect(Collectors.joining(", "));
			if (!left.isEmpty()) {
				summary.append("; left in PostgreSQL, not processed yet: ")
					.append(left)
					.append(" (includeUnprocessed=true archives them)");
			}
		}
		List<HeldBack> heldBack = this.jdbc.query(this.definition.heldBackSql(), parameters,
				(row, n) -> new HeldBack(row.getString("dataset"), row.getString("row_id"),
						row.getString("column_name"), row.getString("column_value")));
		if (!heldBack.isEmpty()) {
			heldBack.forEach((row) -> logger.warn("Held back (Parquet cannot hold the value exactly; the row stays in"
					+ " PostgreSQL): {}", row));
			if (!dryRun) {
				record(heldBack, stepExecution.getJobExecutionId());
			}
			summary.append("; held back, Parquet cannot hold a value exactly: ")
				.append(heldBack.size())
				.append(" rows (")
				.append(heldBack.stream().limit(NAMED_HELD_BACK).map(HeldBack::toString).collect(Collectors.joining(", ")))
				.append((heldBack.size() > NAMED_HELD_BACK) ? ", ..." : "")
				.append(")");
		}
		logger.info("Plan: {}", summary);
		contribution.setExitStatus(dryRun ? new ExitStatus("DRY_RUN", "dry run, nothing written or deleted: " + summary)
				: ExitStatus.COMPLETED.addExitDescription(summary.toString()));
		return RepeatStatus.FINISHED;
	}

	private void record(List<HeldBack> heldBack, long executionId) {
		this.jdbc.batchUpdate(INSERT_HELD_BACK, heldBack.stream()
			.map((row) -> new MapSqlParameterSource().addValue("job_execution_id", executionId)
				.addValue("dataset", row.dataset())
				.addValue("row_id", row.rowId())
				.addValue("column_name", row.column())
				.addValue("column_value", row.value()))
			.toArray(MapSqlParameterSource[]::new));
	}

}
