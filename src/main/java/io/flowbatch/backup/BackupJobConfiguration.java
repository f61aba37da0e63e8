package io.flowbatch.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.sql.SqlFiles;
import io.flowbatch.storage.MultipartObjectOutputStream;
import io.flowbatch.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * backup: {@code pg_dump -Fc} of the configured database, streamed to S3 through a multipart upload while its SHA-256
 * is computed (no copy on local disk), and a manifest object next to it. The dump reads a snapshot exported by a
 * transaction that stays open until pg_dump ends, and that transaction counts every table's rows: the manifest's
 * counts are exactly the dump's (docs/backup.md). Then expired backups are deleted, never the newest.
 */
@Configuration(proxyBeanMethods = false)
class BackupJobConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(BackupJobConfiguration.class);

	private static final DateTimeFormatter KEY_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String VERIFIED_BACKUPS = SqlFiles.read("queries/backup/verified-backups.sql");

	/** pg_dump's output read ahead while a part uploads: 8 MiB, about a second of pg_dump -Fc at its fastest here. */
	private static final int READ_AHEAD_CHUNK = 1024 * 1024;

	private static final int READ_AHEAD_CHUNKS = 8;

	@Bean
	Job backupJob(JobRepository jobRepository, Step dumpToS3, Step deleteExpiredBackups) {
		return new JobBuilder("backup", jobRepository).start(dumpToS3).next(deleteExpiredBackups).build();
	}

	@Bean
	Step dumpToS3(JobRepository jobRepository, PlatformTransactionManager transactionManager, DataSource dataSource,
			PostgresClient postgres, ObjectStore objectStore, BackupStore backups, JobMetrics metrics) {
		return new StepBuilder("dump", jobRepository).tasklet((contribution, context) -> {
			long executionId = context.getStepContext().getStepExecution().getJobExecutionId();
			Instant started = Instant.now();
			String database = postgres.databaseName();
			String key = backups.newKey(KEY_TIME.format(started), executionId);
			try (Connection snapshotHolder = dataSource.getConnection()) {
				snapshotHolder.setAutoCommit(false);
				Map<String, Object> manifest = new LinkedHashMap<>();
				try (Statement statement = snapshotHolder.createStatement()) {
					statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
					String snapshot;
					try (ResultSet row = statement.executeQuery(
							"SELECT pg_export_snapshot(), now() AT TIME ZONE 'UTC', current_setting('server_version')")) {
						row.next();
						snapshot = row.getString(1);
						manifest.put("database", database);
						manifest.put("snapshotTime", row.getTimestamp(2).toLocalDateTime().toInstant(ZoneOffset.UTC).toString());
						manifest.put("serverVersion", row.getString(3));
					}
					manifest.put("pgDumpVersion", postgres.version("pg_dump"));
					manifest.put("startedAt", started.toString());
					// The counts read the same snapshot as pg_dump, so they are taken while it runs, not before.
					CompletableFuture<Map<String, Map<String, Object>>> tables = CompletableFuture.supplyAsync(() -> {
						try {
							return TableFingerprints.of(snapshotHolder);
						}
						catch (java.sql.SQLException ex) {
							throw new IllegalStateException("cannot count the snapshot's rows: " + ex.getMessage(), ex);
						}
					});
					DumpResult dump;
					try {
						dump = dump(postgres, objectStore, key, snapshot);
					}
					finally {
						// The connection is rolled back below, never while the counts still use it.
						tables.exceptionally((failure) -> null).join();
					}
					manifest.put("tables", tables.join());
					manifest.put("endedAt", Instant.now().toString());
					manifest.put("object", key);
					manifest.put("size", dump.size());
					manifest.put("sha256", dump.sha256());
					manifest.put("jobExecutionId", executionId);
				}
				finally {
					snapshotHolder.rollback();
				}
				objectStore.createSmall(key + BackupStore.MANIFEST_SUFFIX,
						JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest), "application/json");
				logger.info("Backup {}: {} bytes, sha256 {}", key, manifest.get("size"), manifest.get("sha256"));
				metrics.set("flowbatch.backup.size.bytes", ((Number) manifest.get("size")).doubleValue());
				metrics.set("flowbatch.backup.newest.start.timestamp.seconds", started.getEpochSecond());
				metrics.set("flowbatch.backup.duration.seconds",
						Duration.between(started, Instant.now()).toMillis() / 1000.0);
				contribution.setExitStatus(org.springframework.batch.core.ExitStatus.COMPLETED.addExitDescription(
						"backup " + key.substring(objectStore.properties().key("").length()) + ": " + manifest.get("size")
								+ " bytes"));
			}
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	@Bean
	Step deleteExpiredBackups(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcTemplate jdbc, BackupStore backups) {
		return new StepBuilder("delete-expired", jobRepository).tasklet((contribution, context) -> {
			Map<String, Object> parameters = context.getStepContext().getJobParameters();
			long keepDays = (Long) parameters.get("keepDays");
			long keepLast = (Long) parameters.get("keepLast");
			List<BackupStore.Backup> newestFirst = backups.all();
			Instant expiry = LocalDate.now(ZoneOffset.UTC).minusDays(keepDays).atStartOfDay().toInstant(ZoneOffset.UTC);
			// The newest keepLast (at least the newest one) stay whatever their age, and so does the newest verified
			// one: should every newer backup prove broken, it is the one to restore.
			int kept = (int) Math.min(newestFirst.size(), Math.max(1, keepLast));
			Set<String> verified = new HashSet<>(jdbc.queryForList(VERIFIED_BACKUPS, String.class));
			Optional<String> newestVerified = newestFirst.stream()
				.map(BackupStore.Backup::dumpKey)
				.filter(verified::contains)
				.findFirst();
			for (BackupStore.Backup backup : newestFirst.subList(kept, newestFirst.size())) {
				if (newestVerified.filter(backup.dumpKey()::equals).isPresent()) {
					logger.info("Kept backup {} (started {}): the newest verified one", backup.dumpKey(),
							backup.startedAt());
				}
				else if (backup.startedAt().isBefore(expiry)) {
					backups.delete(backup);
					logger.info("Deleted expired backup {} (started {})", backup.dumpKey(), backup.startedAt());
				}
			}
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	/** Streams pg_dump's output into the object; a failed dump leaves nothing under the key. */
	private static DumpResult dump(PostgresClient postgres, ObjectStore objectStore, String key, String snapshot)
			throws IOException, InterruptedException {
		Path errors = Files.createTempFile("flowbatch-pg_dump", ".err");
		try {
			Process process = postgres
				.command("pg_dump", List.of("-Fc", "--snapshot=" + snapshot, "-d", postgres.databaseName()))
				.redirectError(errors.toFile())
				.start();
			MultipartObjectOutputStream object = objectStore.create(key);
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
				return new DumpResult(object.position(), object.sha256());
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

	private record DumpResult(long size, String sha256) {
	}

}
