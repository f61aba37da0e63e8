package io.flowbatch.dbmaintenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.sql.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The {@code summary} step: what the run did, skipped (locked) and would do (dry run), as the step's exit description
 * and as gauges ({@code flowbatch_db_maintenance_actions{action,outcome}}, zero included, and
 * {@code flowbatch_db_maintenance_reclaimed_bytes}). Skipped relations do not fail the run: the next run retries them.
 */
class MaintenanceSummary implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(MaintenanceSummary.class);

	private static final String ACTIONS = SqlFiles.read("queries/db-maintenance/actions-of-instance.sql");

	private record Row(String action, String target, String outcome, Long before, Long after) {
	}

	private final NamedParameterJdbcTemplate jdbc;

	private final JobMetrics metrics;

	MaintenanceSummary(NamedParameterJdbcTemplate jdbc, JobMetrics metrics) {
		this.jdbc = jdbc;
		this.metrics = metrics;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext context) {
		long instanceId = context.getStepContext().getStepExecution().getJobExecution().getJobInstance().getInstanceId();
		List<Row> rows = this.jdbc.query(ACTIONS, Map.of("job_instance_id", instanceId),
				(row, n) -> new Row(row.getString("action"), row.getString("target"), row.getString("outcome"),
						(Long) row.getObject("bytes_before", Long.class), (Long) row.getObject("bytes_after", Long.class)));
		for (PlannedAction.Kind kind : PlannedAction.Kind.values()) {
			for (ActionOutcome.Result result : ActionOutcome.Result.values()) {
				this.metrics.set("flowbatch.db.maintenance.actions",
						rows.stream()
							.filter((row) -> row.action().equals(kind.label()) && row.outcome().equals(result.label()))
							.count(),
						"action", kind.label(), "outcome", result.label());
			}
		}
		long reclaimed = rows.stream()
			.filter((row) -> row.outcome().equals(ActionOutcome.Result.DONE.label()) && row.before() != null
					&& row.after() != null)
			.mapToLong((row) -> row.before() - row.after())
			.sum();
		this.metrics.set("flowbatch.db.maintenance.reclaimed.bytes", reclaimed);
		List<String> parts = new ArrayList<>();
		for (ActionOutcome.Result result : ActionOutcome.Result.values()) {
			List<String> targets = rows.stream()
				.filter((row) -> row.outcome().equals(result.label()))
				.map((row) -> row.action() + " " + row.target())
				.toList();
			if (!targets.isEmpty()) {
				parts.add(result.label() + " " + targets.size() + ": " + String.join(", ", targets));
			}
		}
		String summary = (parts.isEmpty() ? "nothing to do" : String.join("; ", parts)) + "; reclaimed " + reclaimed
				+ " bytes";
		logger.info("db-maintenance: {}", summary);
		contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(summary));
		return RepeatStatus.FINISHED;
	}

}
