package io.flowbatch.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.sql.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.util.FileSystemUtils;

/**
 * restore-test: a backup is trusted only once it has been restored. Checks it as backup-verify does (signature, size,
 * SHA-256, globals) and refuses it otherwise; creates the roles its globals name that the cluster lacks
 * ({@link MissingRoles}); restores it with {@code pg_restore -j N --exit-on-error --no-tablespaces} into a scratch
 * database created from template0, objects with their owners when it restores as a superuser ({@code --no-owner}
 * otherwise, and for backups taken before globals were stored); validates the copy against the manifest ({@link RestoredCopyValidation}); measures the recovery
 * time by phase against {@code flowbatch.restore.rto-target}, and records the {@link RestoreTestResult} in
 * {@code restore_test_results}. The scratch database and the roles created for it are always dropped (unless
 * {@code keep=true}); those a killed or kept run left are dropped by the next.
 */
class RestoreTestTasklet implements Tasklet {

	/** No real database is named like this: the {@code ~} needs quoting everywhere. */
	static final String SCRATCH_PREFIX = "flowbatch~restore~";

	private static final String SCRATCH_ROLE_COMMENT = "flowbatch restore-test scratch role";

	private static final Logger logger = LoggerFactory.getLogger(RestoreTestTasklet.class);

	private static final String INSERT_RESULT = SqlFiles.read("queries/restore-test/insert-result.sql");

	private static final String TRY_LOCK = SqlFiles.read("queries/restore-test/try-lock.sql");

	private static final String ROLES = SqlFiles.read("queries/restore-test/roles.sql");

	private static final String SCRATCH_ROLES = SqlFiles.read("queries/restore-test/scratch-roles.sql");

	private static final String SCRATCH_DATABASES = SqlFiles.read("queries/restore-test/scratch-databases.sql");

	private static final String SUPERUSER = SqlFiles.read("queries/restore-test/superuser.sql");

	private final RestoreTarget target;

	private final BackupIntegrity integrity;

	private final JobMetrics metrics;

	private final Duration rtoTarget;

	private final String requested;

	private final long jobs;

	private final boolean keep;

	RestoreTestTasklet(RestoreTarget target, BackupIntegrity integrity, JobMetrics metrics,
			Duration rtoTarget, String requested, long jobs, boolean keep) {
		this.target = target;
		this.integrity = integrity;
		this.metrics = metrics;
		this.rtoTarget = rtoTarget;
		this.requested = requested;
		this.jobs = jobs;
		this.keep = keep;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		long executionId = chunkContext.getStepContext().getStepExecution().getJobExecutionId();
		String scratch = SCRATCH_PREFIX + executionId;
		RestoreTestResult result = RestoreTestResult.started(executionId, scratch, this.keep, this.rtoTarget);
		List<String> createdRoles = new ArrayList<>();
		try (Connection admin = this.target.admin()) {
			refuseWhileAnotherRuns(admin);
			dropLeftovers(admin);
			Path downloads = emptyDownloadDirectory(this.target.databaseName());
			BackupStore.Backup backup = this.integrity.find(this.requested);
			result = result.ofBackup(backup.dumpKey());
			this.integrity.checkSignature(backup);
			Path dump = Files.createTempFile(downloads, "backup", ".dump");
			try {
				long phase = System.nanoTime();
				this.integrity.download(backup, dump);
				Optional<String> globals = this.integrity.globals(backup);
				logger.info("data offsets added to {} entries of the downloaded dump", DumpDataOffsets.addTo(dump));
				result = result.downloaded(seconds(phase));
				phase = System.nanoTime();
				if (globals.isPresent()) {
					createdRoles.addAll(createMissingRoles(admin, globals.get()));
				}
				execute(admin, "CREATE DATABASE " + quoted(scratch) + " TEMPLATE template0");
				// Only a superuser may give objects to every owner (a superuser role among them).
				restore(scratch, dump, globals.isPresent() && superuser(admin), downloads);
				result = result.restored(seconds(phase), createdRoles.size());
			}
			finally {
				Files.deleteIfExists(dump);
			}
			long phase = System.nanoTime();
			int tables;
			try (Connection copy = this.target.connect(scratch)) {
				tables = RestoredCopyValidation.validate(copy, backup.manifest().tables());
			}
			result = result.validated(seconds(phase), tables);
			if (!result.withinRto()) {
				throw new IllegalStateException(String.format("RTO %.1f s exceeds the target of %d s",
						result.rtoSeconds(), this.rtoTarget.toSeconds()));
			}
			contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(result.summary()));
			logger.info(result.summary());
			return RepeatStatus.FINISHED;
		}
		catch (Exception ex) {
			result = result.failed(firstLine(ex.getMessage()));
			throw ex;
		}
		finally {
			finish(result, createdRoles);
			result.publish(this.metrics);
		}
	}

	/** The roles the dump's owners and grants need that the cluster lacks; marked for the cleanup of later runs. */
	private List<String> createMissingRoles(Connection admin, String globals) throws SQLException {
		Set<String> existing = new HashSet<>(strings(admin, ROLES));
		MissingRoles missing = MissingRoles.of(globals, existing);
		for (String statement : missing.statements()) {
			execute(admin, statement);
		}
		for (String role : missing.created()) {
			execute(admin, "COMMENT ON ROLE " + role + " IS '" + SCRATCH_ROLE_COMMENT + "'");
			// A restoring role without superuser may give objects only to roles it is a member of.
			execute(admin, "GRANT " + role + " TO CURRENT_USER");
			logger.info("Created role {} (NOLOGIN) from the backup's globals", role);
		}
		return missing.created();
	}

	private void restore(String scratch, Path dump, boolean withOwners, Path directory) throws Exception {
		Path errors = Files.createTempFile(directory, "pg_restore", ".err");
		try {
			List<String> arguments = new ArrayList<>(List.of("-j", String.valueOf(this.jobs), "--exit-on-error",
					"--no-tablespaces", "-d", scratch, dump.toString()));
			if (!withOwners) {
				arguments.add(0, "--no-owner");
			}
			Process restore = this.target.command("pg_restore", arguments)
				.redirectErrorStream(true)
				.redirectOutput(errors.toFile())
				.start();
			if (!restore.waitFor(6, TimeUnit.HOURS)) {
				restore.destroyForcibly();
				throw new IllegalStateException("pg_restore failed: still running after 6 h");
			}
			if (restore.exitValue() != 0) {
				throw new IllegalStateException("pg_restore failed: " + firstError(Files.readAllLines(errors))
					.orElse("exit " + restore.exitValue()));
			}
		}
		finally {
			Files.deleteIfExists(errors);
		}
	}

	/**
	 * pg_restore's first error line ({@code pg_restore: error: ...}), or its first line when none is marked so; not
	 * any line that merely contains "error" (a warning about a table named {@code errors}).
	 */
	private static Optional<String> firstError(List<String> output) {
		return output.stream()
			.filter((line) -> line.startsWith("pg_restore: error: "))
			.findFirst()
			.or(() -> output.stream().filter((line) -> !line.isBlank()).findFirst())
			.map(String::strip);
	}

	/**
	 * The directory of this database's downloads, emptied of what runs killed before deleting theirs left (a whole
	 * dump each); this job runs one at a time per database.
	 */
	private static Path emptyDownloadDirectory(String database) throws IOException {
		Path directory = downloadDirectory(database);
		FileSystemUtils.deleteRecursively(directory);
		return Files.createDirectories(directory);
	}

	static Path downloadDirectory(String database) {
		return Path.of(System.getProperty("java.io.tmpdir"), "flowbatch-restore-test-" + database);
	}

	/** Fails when another restore-test of this database runs: this one would drop its scratch database. */
	private static void refuseWhileAnotherRuns(Connection admin) throws SQLException {
		try (Statement statement = admin.createStatement(); ResultSet locked = statement.executeQuery(TRY_LOCK)) {
			if (!locked.next() || !locked.getBoolean(1)) {
				throw new IllegalStateException("another restore-test of this database is running; nothing was done");
			}
		}
	}

	/** Scratch databases and roles of earlier runs that died before dropping theirs or kept them. */
	private static void dropLeftovers(Connection admin) throws SQLException {
		List<String> leftovers = new ArrayList<>();
		try (PreparedStatement statement = admin.prepareStatement(SCRATCH_DATABASES)) {
			statement.setString(1, SCRATCH_PREFIX);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					leftovers.add(rows.getString(1));
				}
			}
		}
		for (String leftover : leftovers) {
			execute(admin, "DROP DATABASE IF EXISTS " + quoted(leftover) + " WITH (FORCE)");
			logger.info("Dropped the scratch database {} left by an earlier restore-test", leftover);
		}
		for (String role : strings(admin, SCRATCH_ROLES)) {
			execute(admin, "DROP ROLE " + role);
			logger.info("Dropped the role {} an earlier restore-test created", role);
		}
	}

	/** Records the result and, unless kept, drops the scratch database and the roles created for it; always. */
	private void finish(RestoreTestResult result, List<String> createdRoles) {
		try (Connection admin = this.target.admin()) {
			if (!result.kept()) {
				execute(admin, "DROP DATABASE IF EXISTS " + quoted(result.scratch()) + " WITH (FORCE)");
				for (String role : createdRoles) {
					execute(admin, "DROP ROLE IF EXISTS " + role);
				}
			}
		}
		catch (SQLException ex) {
			logger.error("Could not drop {} or the roles created for it: {}", result.scratch(), ex.getMessage());
		}
		try (Connection recorder = this.target.application();
				PreparedStatement insert = recorder.prepareStatement(INSERT_RESULT)) {
			insert.setLong(1, result.executionId());
			insert.setString(2, result.backupKey());
			insert.setTimestamp(3, Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC)));
			insert.setBoolean(4, result.passed());
			insert.setString(5, result.failure());
			insert.setObject(6, result.downloadSeconds());
			insert.setObject(7, result.restoreSeconds());
			insert.setObject(8, result.validateSeconds());
			insert.setObject(9, result.rtoSeconds());
			insert.setDouble(10, result.rtoTarget().toSeconds());
			insert.setObject(11, result.tablesChecked());
			insert.setString(12, result.scratch());
			insert.setBoolean(13, result.kept());
			insert.executeUpdate();
		}
		catch (SQLException ex) {
			logger.error("Could not record the restore test of {}: {}", result.scratch(), ex.getMessage());
		}
	}

	private static boolean superuser(Connection admin) throws SQLException {
		try (Statement statement = admin.createStatement(); ResultSet row = statement.executeQuery(SUPERUSER)) {
			return row.next() && row.getBoolean(1);
		}
	}

	private static List<String> strings(Connection connection, String sql) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				values.add(rows.getString(1));
			}
		}
		return values;
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	static String quoted(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

	private static double seconds(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

	private static String firstLine(String message) {
		return (message == null) ? "" : message.lines().findFirst().orElse("");
	}

}
