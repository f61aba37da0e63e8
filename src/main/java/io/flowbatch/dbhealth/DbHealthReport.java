package io.flowbatch.dbhealth;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * The {@code report} step: pushes the figures the alerts watch (disk projection, connections, dead tuples per table,
 * sizes, sessions, unused indexes, the archiver) and summarizes them in the step's exit description. A report: what
 * it finds does not fail the run.
 */
class DbHealthReport implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(DbHealthReport.class);

	private static final String SIZES = SqlFiles.read("queries/db-health/sizes-of-day.sql");

	private static final long MEGABYTE = 1024 * 1024;

	private final DbHealthFindings findings;

	private final NamedParameterJdbcTemplate jdbc;

	private final JobMetrics metrics;

	private final LocalDate snapshotDate;

	DbHealthReport(DbHealthFindings findings, NamedParameterJdbcTemplate jdbc, JobMetrics metrics,
			LocalDate snapshotDate) {
		this.findings = findings;
		this.jdbc = jdbc;
		this.metrics = metrics;
		this.snapshotDate = snapshotDate;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext context) {
		long instanceId = context.getStepContext().getStepExecution().getJobExecution().getJobInstance().getInstanceId();
		List<DbHealthFindings.Row> rows = this.findings.ofInstance(instanceId);
		List<String> summary = new ArrayList<>();
		this.jdbc.query(SIZES, Map.of("snapshot_date", Date.valueOf(this.snapshotDate)), (row) -> {
			String name = row.getString("relation_name");
			long bytes = row.getLong("bytes");
			if (row.getString("relation_kind").equals("database")) {
				this.metrics.set("flowbatch.db.health.database.bytes", bytes);
				summary.add("database " + bytes / MEGABYTE + " MB");
				return;
			}
			long live = row.getLong("live_tuples");
			long dead = row.getLong("dead_tuples");
			this.metrics.set("flowbatch.db.health.table.bytes", bytes, "table", name);
			this.metrics.set("flowbatch.db.health.dead.tuples", dead, "table", name);
			this.metrics.set("flowbatch.db.health.dead.tuple.ratio", (live + dead > 0) ? (double) dead / (live + dead) : 0,
					"table", name);
		});
		value(rows, "growth", "growth-per-week").ifPresent((perWeek) -> {
			this.metrics.set("flowbatch.db.health.growth.bytes.per.week", perWeek);
			summary.add("growth " + Math.round(perWeek / MEGABYTE) + " MB/week");
		});
		value(rows, "growth", "disk-full-in-days").ifPresent((days) -> {
			this.metrics.set("flowbatch.db.health.disk.full.days", days);
			summary.add("disk full in " + (long) Math.floor(days) + " days");
		});
		Optional<Double> connections = value(rows, "connections", "connections");
		Optional<Double> maxConnections = value(rows, "connections", "max_connections");
		connections.ifPresent((count) -> this.metrics.set("flowbatch.db.health.connections", count));
		maxConnections.ifPresent((max) -> this.metrics.set("flowbatch.db.health.max.connections", max));
		summary.add("connections " + connections.map(Double::longValue).orElse(0L) + "/"
				+ maxConnections.map(Double::longValue).orElse(0L));
		for (String[] counted : new String[][] { { "long-running", "long.running.sessions" },
				{ "idle-in-transaction", "idle.in.transaction.sessions" }, { "unused-indexes", "unused.indexes" },
				{ "seq-scans", "seq.scan.tables" } }) {
			long count = rows.stream().filter((row) -> row.section().equals(counted[0])).count();
			this.metrics.set("flowbatch.db.health." + counted[1], count);
			summary.add(counted[0] + " " + count);
		}
		double archiverFailing = value(rows, "archiver", "archiver").orElse(0.0);
		this.metrics.set("flowbatch.db.health.archiver.failing", archiverFailing);
		summary.add((archiverFailing > 0) ? "archiver FAILING" : "archiver ok");
		String description = String.join(", ", summary);
		logger.info("db-health: {}", description);
		contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(description));
		return RepeatStatus.FINISHED;
	}

	private static Optional<Double> value(List<DbHealthFindings.Row> rows, String section, String subject) {
		return rows.stream()
			.filter((row) -> row.section().equals(section) && row.subject().equals(subject) && row.value() != null)
			.map(DbHealthFindings.Row::value)
			.findFirst();
	}

}
