package io.flowbatch.archiveverify;

import java.util.List;
import java.util.Map;

import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.sql.SqlFiles;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The {@code report} step: once every object is checked, the job fails when any execution of this instance found a
 * problem, listing the objects (all are in {@code archive_verify_findings}); pushes how many of each kind
 * ({@code flowbatch_archive_verify_problems{problem}}).
 */
class FindingsReport implements Tasklet {

	private static final String OF_INSTANCE = SqlFiles.read("queries/archive-verify/findings-of-instance.sql");

	/** How many findings the failure message names. */
	private static final int NAMED = 10;

	private final NamedParameterJdbcTemplate jdbc;

	private final JobMetrics metrics;

	FindingsReport(NamedParameterJdbcTemplate jdbc, JobMetrics metrics) {
		this.jdbc = jdbc;
		this.metrics = metrics;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext context) {
		long instanceId = context.getStepContext().getStepExecution().getJobExecution().getJobInstance().getInstanceId();
		List<Finding> findings = this.jdbc.query(OF_INSTANCE, Map.of("job_instance_id", instanceId),
				(row, n) -> new Finding(row.getString("object_key"), Finding.Problem.valueOf(row.getString("problem")),
						row.getString("detail")));
		// Every kind, zero included, so that a passing run clears the alert on the kinds an earlier run found.
		for (Finding.Problem problem : Finding.Problem.values()) {
			this.metrics.set("flowbatch.archive.verify.problems",
					findings.stream().filter((finding) -> finding.problem() == problem).count(), "problem",
					problem.name().toLowerCase(java.util.Locale.ROOT));
		}
		if (!findings.isEmpty()) {
			throw new ArchiveDamagedException(findings.size() + " archived objects are missing or differ from what"
					+ " archive_manifest recorded (their rows are no longer in PostgreSQL; docs/runbooks.md): "
					+ String.join("; ", findings.stream().limit(NAMED).map(Finding::toString).toList())
					+ ((findings.size() > NAMED) ? "; ... (all in archive_verify_findings)" : ""));
		}
		return RepeatStatus.FINISHED;
	}

	/** The archive does not hold what the manifest says. */
	static class ArchiveDamagedException extends RuntimeException {

		ArchiveDamagedException(String message) {
			super(message);
		}

	}

}
