package io.flowbatch.webhookreprocess;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
 * The {@code summary} step: what the instance did, by action, with the reasons events were left failed, as the step's
 * exit description ({@code flowbatch status ID}) and as gauges per action and classification
 * ({@code flowbatch_webhook_reprocess_last_run_events}, zero included).
 */
class ReprocessSummary implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(ReprocessSummary.class);

	private static final String OUTCOMES = SqlFiles.read("queries/webhook-reprocess/outcomes-of-instance.sql");

	private record Outcome(String action, String classification, String reason, long events) {
	}

	private final NamedParameterJdbcTemplate jdbc;

	private final JobMetrics metrics;

	ReprocessSummary(NamedParameterJdbcTemplate jdbc, JobMetrics metrics) {
		this.jdbc = jdbc;
		this.metrics = metrics;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext context) {
		long instanceId = context.getStepContext().getStepExecution().getJobExecution().getJobInstance().getInstanceId();
		List<Outcome> outcomes = this.jdbc.query(OUTCOMES, Map.of("job_instance_id", instanceId),
				(row, n) -> new Outcome(row.getString("action"), row.getString("classification"),
						row.getString("reason"), row.getLong("events")));
		for (Attempts.Action action : Attempts.Action.values()) {
			for (ErrorClass errorClass : ErrorClass.values()) {
				this.metrics.set("flowbatch.webhook.reprocess.last.run.events",
						outcomes.stream()
							.filter((o) -> o.action().equals(action.label())
									&& o.classification().equals(errorClass.label()))
							.mapToLong(Outcome::events)
							.sum(),
						"action", action.label(), "classification", errorClass.label());
			}
		}
		Map<String, Long> byAction = new LinkedHashMap<>();
		for (Attempts.Action action : Attempts.Action.values()) {
			byAction.put(action.label(), outcomes.stream()
				.filter((o) -> o.action().equals(action.label()))
				.mapToLong(Outcome::events)
				.sum());
		}
		String leftFailed = outcomes.stream()
			.filter((o) -> o.action().equals(Attempts.Action.LEFT_FAILED.label()))
			.map((o) -> o.events() + " " + o.classification() + ": " + o.reason())
			.collect(Collectors.joining("; "));
		String summary = byAction.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + " " + entry.getValue())
			.collect(Collectors.joining(", ")) + (leftFailed.isEmpty() ? "" : " (left failed: " + leftFailed + ")");
		logger.info("webhook-reprocess: {}", summary);
		contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(summary));
		return RepeatStatus.FINISHED;
	}

}
