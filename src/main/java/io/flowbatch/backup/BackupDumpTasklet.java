package io.flowbatch.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.flowbatch.backup.BackupManifest.StoredObject;
import io.flowbatch.backup.BackupManifest.TableFingerprint;
import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.storage.MultipartObjectOutputStream;
import io.flowbatch.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * backup's dump step: {@code pg_dump -Fc} of the configured database, streamed to S3 through a multipart upload while
 * its SHA-256 is computed (no copy on local disk); the cluster's roles and tablespaces
 * ({@code pg_dumpall --globals-only --no-role-passwords}) next to it; then the {@link BackupManifest}, last. The dump
 * reads a snapshot exported by a transaction that stays open until pg_dump ends, and that transaction counts every
 * table's rows: the manifest's counts are exactly the dump's (docs/backup.md).
 */
class BackupDumpTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(BackupDumpTasklet.class);

	private static final DateTimeFormatter KEY_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	/** pg_dump's output read ahead while a part uploads: 8 MiB, about a second of pg_dump -Fc at its fastest here. */
	private static final int READ_AHEAD_CHUNK = 1024 * 1024;

	private static final int READ_AHEAD_CHUNKS = 8;

	private final DataSource dataSource;

	private final PostgresClient postgres;

	private final ObjectStore objectStore;

	private final BackupStore backups;

	private final JobMetrics metrics;

	BackupDumpTasklet(DataSource dataSource, PostgresClient postgres, ObjectStore objectStore, BackupStore backups,
			JobMetrics metrics) {
		this.dataSource = dataSource;
		this.postgres = postgres;
		this.objectStore = objectStore;
		this.backups = backups;
		this.metrics = metrics;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		long executionId = chunkContext.getStepContext().getStepExecution().getJobExecutionId();
		Instant started = Instant.now();
		String key = this.backups.newKey(KEY_TIME.format(started), executionId);
		BackupManifest manifest = dump(key, executionId, started);
		this.backups.writeManifest(key, manifest);
		logger.info("Backup {}: {} bytes, sha256 {}; globals {} bytes", key, manifest.size(), manifest.sha256(),
				manifest.globals().size());
		this.metrics.set("flowbatch.backup.size.bytes", manifest.size());
		this.metrics.set("flowbatch.backup.newest.start.timestamp.seconds", started.getEpochSecond());
		this.metrics.set("flowbatch.backup.duration.seconds", Duration.between(started, Instant.now()).toMillis() / 1000.0);
		contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription("backup "
				+ key.substring(this.objectStore.properties().key("").length()) + ": " + manifest.size() + " bytes"));
		return RepeatStatus.FINISHED;
	}

	private BackupManifest dump(String key, long executionId, Instant started) throws Exception {
		try (Connection snapshotHolder = this.dataSource.getConnection()) {
			snapshotHolder.setAutoCommit(false);
			try (Statement statement = snapshotHolder.createStatement()) {
				statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
				String snapshot;
				Instant snapshotTime;
				String serverVersion;
				try (ResultSet row = statement.executeQuery(
						"SELECT pg_export_snapshot(), now() AT TIME ZONE 'UTC', current_setting('server_version')")) {
					row.next();
					snapshot = row.getString(1);
					snapshotTime = row.getTimestamp(2).toLocalDateTime().toInstant(ZoneOffset.UTC);
					serverVersion = row.getString(3);
				}
				String pgDumpVersion = this.postgres.version("pg_dump");
				// Roles are not in the snapshot; read while it is open, they are as close to it as they can be. Stored
				// once the dump is: a failed dump leaves nothing.
				String globals = globals();
				// The counts read the same snapshot as pg_dump, so they are taken while it runs, not before.
				CompletableFuture<Map<String, TableFingerprint>> tables = CompletableFuture.supplyAsync(() -> {
					try {
						return TableFingerprints.of(snapshotHolder);
					}
					catch (SQLException ex) {
						throw new IllegalStateException("cannot count the snapshot's rows: " + ex.getMessage(), ex);
					}
				});
				StoredObject dump;
				try {
					dump = streamDump(key, snapshot);
				}
				finally {
					// The connection is rolled back below, never while the counts still use it.
					tables.exceptionally((failure) -> null).join();
				}
				Map<String, TableFingerprint> fingerprints = tables.join();
				String globalsKey = key + BackupStore.GLOBALS_SUFFIX;
				this.objectStore.createSmall(globalsKey, globals, "application/sql");
				return new BackupManifest(this.postgres.databaseName(), snapshotTime, serverVersion, pgDumpVersion,
						started, Instant.now(), key, dump.size(), dump.sha256(), executionId,
						new StoredObject(globalsKey, globals.getBytes(StandardCharsets.UTF_8).length, sha256(globals)),
						fingerprints);
			}
			finally {
				snapshotHolder.rollback();
			}
		}
	}

	/** {@code pg_dumpall --globals-only --no-role-passwords}: the roles and tablespaces, a few kilobytes. */
	private String globals() throws IOException, InterruptedException {
		Path errors = Files.createTempFile("flowbatch-pg_dumpall", ".err");
		try {
			Process process = this.postgres
				.command("pg_dumpall", List.of("--globals-only", "--no-role-passwords", "-l", this.postgres.databaseName()))
				.redirectError(errors.toFile())
				.start();
			byte[] globals = process.getInputStream().readAllBytes();
			if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException("pg_dumpall --globals-only failed: "
						+ Files.readAllLines(errors).stream().findFirst().orElse("exit " + process.exitValue()));
			}
			return new String(globals, StandardCharsets.UTF_8);
		}
		finally {
			Files.deleteIfExists(errors);
		}
	}

	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Streams pg_dump's output into the object; a failed dump leaves nothing under the key. */
	private StoredObject streamDump(String key, String snapshot) throws IOException, InterruptedException {
		Path errors = Files.createTempFile("flowbatch-pg_dump", ".err");
		try {
			Process process = this.postgres
				.command("pg_dump", List.of("-Fc", "--snapshot=" + snapshot, "-d", this.postgres.databaseName()))
				.redirectError(errors.toFile())
				.start();
			MultipartObjectOutputStream object = this.objectStore.create(key);
			ReadAhead dump = new ReadAhead(process.getInputStream(), READ_AHEAD_CHUNK, READ_AHEAD_CHUNKS);
			boolean complete = false;
			try {
				dump.transferTo(object);
				if (process.waitFor() != 0) {
					throw new IllegalStateException("pg_dump failed (exit " + process.exitValue() + "): "
							+ Files.readAllLines(errors).stream().findFirst().orElse("no message"));
				}
				object.close();
				complete = true;
				return new StoredObject(key, object.position(), object.sha256());
			}
			finally {
				try {
					if (!complete) {
						// pg_dump first: its end ends the read-ahead, and the step never outlives it.
						try {
							process.destroyForcibly().waitFor();
						}
						finally {
							object.abort();
						}
					}
				}
				finally {
					dump.close();
				}
			}
		}
		finally {
			Files.deleteIfExists(errors);
		}
	}

}
