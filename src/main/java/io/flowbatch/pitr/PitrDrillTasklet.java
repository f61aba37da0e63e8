package io.flowbatch.pitr;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.sql.SqlFiles;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * pitr-test, the point-in-time-recovery drill: removes what killed drills left; picks the target (given, or between
 * two markers it writes now), has pgBackRest archive the WAL past it ({@code pgbackrest check}), checks the WAL from
 * the chosen backup on is complete, restores that backup to the target into a scratch directory, starts a throwaway
 * PostgreSQL on it and waits until recovery has reached the target and promoted, then validates the copy's markers
 * and row counts against production's ({@link MarkerCheck}). Records the result in {@code pitr_test_results} and
 * always stops and deletes the scratch cluster.
 */
class PitrDrillTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(PitrDrillTasklet.class);

	private static final String CLOCK = SqlFiles.read("queries/pitr/clock.sql");

	private static final String RECOVERED_TO = SqlFiles.read("queries/pitr/recovered-to.sql");

	private static final String VALIDATOR = SqlFiles.read("queries/pitr/validator.sql");

	private static final String VALIDATION_SESSION = SqlFiles.read("queries/pitr/validation-session.sql");

	private static final String INSERT_RESULT = SqlFiles.read("queries/pitr/insert-result.sql");

	private final PgBackRest pgBackRest;

	private final WalContinuity continuity;

	private final Markers markers;

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final DataSourceProperties connection;

	private final PitrProperties properties;

	private final JobMetrics metrics;

	private final String target;

	PitrDrillTasklet(PgBackRest pgBackRest, WalContinuity continuity, Markers markers, JdbcClient jdbc,
			TransactionTemplate ownTransaction, DataSourceProperties connection, PitrProperties properties,
			JobMetrics metrics, String target) {
		this.pgBackRest = pgBackRest;
		this.continuity = continuity;
		this.markers = markers;
		this.jdbc = jdbc;
		this.ownTransaction = ownTransaction;
		this.connection = connection;
		this.properties = properties;
		this.metrics = metrics;
		this.target = target;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		long executionId = chunkContext.getStepContext().getStepExecution().getJobExecutionId();
		Path scratch = this.properties.scratchDirectory().resolve(ScratchCluster.PREFIX + executionId);
		Instant targetTime = null;
		String backupLabel = null;
		Instant recoveredTo = null;
		Double restoreSeconds = null;
		Double recoverySeconds = null;
		Double validateSeconds = null;
		MarkerCheck.Result found = null;
		PitrTestResult.Validator validator = null;
		PitrTestResult result = null;
		try {
			ScratchCluster.removeLeftovers(this.properties, this.pgBackRest);
			targetTime = pickTarget(executionId);
			// Recovery stops at the first commit after the target: one must be archived.
			this.markers.write("pitr-test", executionId);
			this.pgBackRest.check();
			StanzaInfo info = this.pgBackRest.info();
			StanzaInfo.Backup backup = backupBefore(info, targetTime);
			backupLabel = backup.label();
			this.continuity.check(info, backup);
			List<Marker> production = this.markers.all();
			try (ScratchCluster cluster = ScratchCluster.create(this.properties, this.pgBackRest, executionId,
					backup.databaseVersion())) {
				long phase = System.nanoTime();
				this.pgBackRest.restoreToTime(cluster.dataDirectory(), backup.label(), TargetTime.forPostgres(targetTime));
				restoreSeconds = seconds(phase);
				phase = System.nanoTime();
				PitrProperties.ValidationRole role = this.properties.validationRole(
						this.connection.determineUsername(), this.connection.determinePassword());
				cluster.start(this.properties, role.username(), role.hasPassword());
				try (Connection copy = cluster.awaitPromoted(databaseName(), role.username(), role.password(),
						this.properties.recoveryTimeout())) {
					recoverySeconds = seconds(phase);
					phase = System.nanoTime();
					JdbcClient restored = JdbcClient.create(new SingleConnectionDataSource(copy, true));
					try {
						restored.sql(VALIDATION_SESSION).update();
						validator = restored.sql(VALIDATOR)
							.query((rows, n) -> new PitrTestResult.Validator(rows.getString("role"),
									rows.getBoolean("superuser")))
							.single();
						recoveredTo = restored.sql(RECOVERED_TO)
							.query((rows, n) -> Optional.ofNullable(rows.getObject(1, OffsetDateTime.class)))
							.single()
							.map(OffsetDateTime::toInstant)
							.orElse(null);
						found = MarkerCheck.check(production, Markers.all(restored), Markers.rowCounts(restored),
								targetTime);
					}
					catch (DataAccessException ex) {
						throw new IllegalStateException("validating the copy as role " + role.username()
								+ " failed: " + ex.getMostSpecificCause().getMessage(), ex);
					}
					validateSeconds = seconds(phase);
				}
			}
			result = new PitrTestResult(executionId, this.pgBackRest.stanza(), targetTime, backupLabel, recoveredTo,
					restoreSeconds, recoverySeconds, validateSeconds, this.properties.rtoTarget(), validator, found,
					null);
			if (!found.passed()) {
				throw new IllegalStateException("the copy restored to " + TargetTime.forPostgres(targetTime)
						+ " is not what production held then: " + String.join("; ", found.problems()));
			}
			if (result.rtoSeconds() > this.properties.rtoTarget().toSeconds()) {
				throw new IllegalStateException(String.format("RTO %.1f s exceeds flowbatch.pitr.rto-target %d s",
						result.rtoSeconds(), this.properties.rtoTarget().toSeconds()));
			}
			contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(result.summary()));
			logger.info(result.summary());
			return RepeatStatus.FINISHED;
		}
		catch (Exception ex) {
			String failure = (ex.getMessage() == null) ? ex.toString() : ex.getMessage().lines().findFirst().orElse("");
			result = (result != null) ? result.failed(failure)
					: new PitrTestResult(executionId, this.pgBackRest.stanza(), targetTime, backupLabel, recoveredTo,
							restoreSeconds, recoverySeconds, validateSeconds, this.properties.rtoTarget(), validator,
							found, failure);
			throw ex;
		}
		finally {
			record(result, scratch);
			result.publish(this.metrics);
		}
	}

	/**
	 * The given target, or (auto) a time between a marker written now and the one written after it: 1 s after the
	 * first marker, so that it is certainly committed before the target.
	 */
	private Instant pickTarget(long executionId) throws InterruptedException {
		Optional<Instant> given = TargetTime.parse(this.target);
		if (given.isPresent()) {
			if (given.get().isAfter(now())) {
				throw new IllegalStateException("target " + TargetTime.forPostgres(given.get()) + " is in the future");
			}
			return given.get();
		}
		this.markers.write("pitr-test", executionId);
		Thread.sleep(MarkerCheck.UNDECIDED.toMillis() + 100);
		Instant target = now();
		Thread.sleep(100);
		return target;
	}

	/** The newest backup set that ended before the target (the one recovery to the target starts from). */
	private static StanzaInfo.Backup backupBefore(StanzaInfo info, Instant target) {
		return info.backups().stream()
			.filter((backup) -> !backup.error() && backup.stoppedAt().isBefore(target))
			.max(Comparator.comparing(StanzaInfo.Backup::stoppedAt))
			.orElseThrow(() -> new IllegalStateException("no base backup of stanza " + info.stanza()
					+ " ended before the target " + TargetTime.forPostgres(target)
					+ info.backups().stream().findFirst().map((oldest) -> " (the oldest ended at "
							+ TargetTime.forPostgres(oldest.stoppedAt()) + ")").orElse(" (the stanza has none)")));
	}

	/** The database's clock, which stamps the markers. */
	private Instant now() {
		return this.jdbc.sql(CLOCK).query((rows, n) -> rows.getObject(1, OffsetDateTime.class)).single().toInstant();
	}

	private String databaseName() {
		return Driver.parseURL(this.connection.determineUrl(), new Properties()).getProperty("PGDBNAME");
	}

	/** Committed whatever the outcome (the step's own transaction rolls back on failure). */
	private void record(PitrTestResult result, Path scratch) {
		this.ownTransaction.executeWithoutResult((status) -> this.jdbc.sql(INSERT_RESULT)
			.param("executionId", result.executionId())
			.param("testedAt", LocalDateTime.now(ZoneOffset.UTC))
			.param("stanza", result.stanza())
			.param("targetTime", utc(result.target()))
			.param("recoveredTo", utc(result.recoveredTo()))
			.param("backupLabel", result.backupLabel())
			.param("passed", result.passed())
			.param("failure", result.failure())
			.param("restoreSeconds", result.restoreSeconds())
			.param("recoverySeconds", result.recoverySeconds())
			.param("validateSeconds", result.validateSeconds())
			.param("rtoSeconds", result.rtoSeconds())
			.param("rtoTargetSeconds", (double) result.rtoTarget().toSeconds())
			.param("markersExpected", (result.markers() != null) ? result.markers().expected() : null)
			.param("markersFound", (result.markers() != null) ? result.markers().found() : null)
			.param("lastMarkerId", (result.markers() != null) ? result.markers().lastMarkerId() : null)
			.param("tablesChecked", (result.markers() != null) ? result.markers().tablesChecked() : null)
			.param("validatedAs", (result.validator() != null) ? result.validator().role() : null)
			.param("validatedAsSuperuser", (result.validator() != null) ? result.validator().superuser() : null)
			.param("scratchDirectory", scratch.toString())
			.update());
	}

	private static LocalDateTime utc(Instant instant) {
		return (instant == null) ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static double seconds(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

}
