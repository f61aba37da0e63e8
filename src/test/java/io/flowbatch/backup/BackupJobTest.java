package io.flowbatch.backup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.flowbatch.testsupport.ArchiveReader;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestServers;
import io.flowbatch.testsupport.TestS3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** backup with the real pg_dump against a real PostgreSQL, into a real S3 server over HTTP. */
class BackupJobTest {

	private static final AtomicLong RERUN = new AtomicLong(System.currentTimeMillis());

	private static JdbcClient jdbc;

	private String prefix;

	@BeforeAll
	static void startServers() {
		TestServers.startDatabaseAndS3();
		jdbc = JdbcClient.create(TestPostgres.get().dataSource());
	}

	@BeforeEach
	void isolate() {
		this.prefix = "backup-" + UUID.randomUUID();
		System.setProperty("flowbatch.s3.prefix", this.prefix);
		jdbc.sql("TRUNCATE teams, flow_items CASCADE").update();
		jdbc.sql("INSERT INTO teams (id, name) SELECT 'team-' || n, 'Team ' || n FROM generate_series(1, 17) n").update();
		// The namespace is this database's before the tests plant backups in it (docs/reliability.md).
		CliRun claimed = CliRun.of("namespace", "claim");
		assertThat(claimed.exitCode()).as(claimed.toString()).isZero();
	}

	@AfterEach
	void restore() {
		System.clearProperty("flowbatch.s3.prefix");
		System.clearProperty("flowbatch.backup.pg-bin-dir");
	}

	@Test
	void theDumpIsStreamedToS3WithItsChecksumAndTheExactRowCountsOfItsSnapshot() throws Exception {
		CliRun run = CliRun.of("run", "backup", "rerun=" + RERUN.incrementAndGet());

		assertThat(run.exitCode()).as(run.toString()).isZero();
		List<String> keys = ArchiveReader.keys(this.prefix + "/backups/flowbatch/");
		assertThat(keys).hasSize(3);
		String dumpKey = keys.stream().filter((key) -> key.endsWith(".dump")).findFirst().orElseThrow();
		assertThat(keys).contains(dumpKey + ".globals.sql", dumpKey + ".manifest.json");
		JsonNode manifest = manifest(dumpKey + ".manifest.json");
		Path dump = Files.createTempFile("backup-test", ".dump");
		try (S3Client s3 = TestS3.get().client()) {
			Files.delete(dump);
			s3.getObject((r) -> r.bucket(TestS3.BUCKET).key(dumpKey), dump);
		}
		assertThat(manifest.get("sha256").asString())
			.isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dump))));
		assertThat(manifest.get("size").asLong()).isEqualTo(Files.size(dump));
		assertThat(manifest.get("tables").get("public.teams").get("rowCount").asLong()).isEqualTo(17);
		assertThat(manifest.get("tables").get("public.teams").get("sampleHash").asString()).hasSize(32);
		assertThat(manifest.get("tables").get("public.batch_job_execution").get("rowCount").asLong()).isPositive();
		assertThat(manifest.get("serverVersion").asString()).startsWith("15");
		Process list = new ProcessBuilder("pg_restore", "--list", dump.toString()).redirectErrorStream(true).start();
		String contents = new String(list.getInputStream().readAllBytes());
		assertThat(list.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(list.exitValue()).isZero();
		assertThat(contents).contains("TABLE DATA public teams");
		Files.delete(dump);
		String globals;
		try (S3Client s3 = TestS3.get().client()) {
			globals = s3.getObjectAsBytes((r) -> r.bucket(TestS3.BUCKET).key(dumpKey + ".globals.sql")).asUtf8String();
		}
		assertThat(globals).contains("CREATE ROLE postgres;").doesNotContain("PASSWORD");
		assertThat(manifest.get("globals").get("object").asString()).isEqualTo(dumpKey + ".globals.sql");
		assertThat(manifest.get("globals").get("size").asLong()).isEqualTo(globals.getBytes(StandardCharsets.UTF_8).length);
		assertThat(manifest.get("globals").get("sha256").asString()).isEqualTo(HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(globals.getBytes(StandardCharsets.UTF_8))));
	}

	@Test
	void expiredBackupsAreDeletedButTheNewestAlwaysStays() {
		String old = plantBackup(Instant.now().minus(40, ChronoUnit.DAYS));
		String older = plantBackup(Instant.now().minus(60, ChronoUnit.DAYS));
		String recent = plantBackup(Instant.now().minus(2, ChronoUnit.DAYS));

		CliRun run = CliRun.of("run", "backup", "rerun=" + RERUN.incrementAndGet(), "keepDays=30", "keepLast=1");

		assertThat(run.exitCode()).as(run.toString()).isZero();
		List<String> keys = ArchiveReader.keys(this.prefix + "/backups/flowbatch/");
		assertThat(keys).contains(recent, recent + ".manifest.json").doesNotContain(old, older);
		assertThat(keys).as("the new backup (dump, globals, manifest) and the recent one").hasSize(5);
	}

	@Test
	void theNewestVerifiedBackupStaysHoweverOldWhileOlderOrUnverifiedExpiredOnesGo() {
		String unverified = plantBackup(Instant.now().minus(40, ChronoUnit.DAYS));
		String restoreTested = plantBackup(Instant.now().minus(45, ChronoUnit.DAYS));
		String verifiedEarlier = plantBackup(Instant.now().minus(50, ChronoUnit.DAYS));
		jdbc.sql("INSERT INTO restore_test_results (job_execution_id, backup_key, tested_at, passed, rto_target_seconds,"
				+ " scratch_database, kept) VALUES (?, ?, now(), TRUE, 3600, 'gone', FALSE)")
			.params(RERUN.incrementAndGet(), restoreTested)
			.update();
		jdbc.sql("INSERT INTO backup_verifications (job_execution_id, backup_key, verified_at) VALUES (?, ?, now())")
			.params(RERUN.incrementAndGet(), verifiedEarlier)
			.update();

		CliRun run = CliRun.of("run", "backup", "rerun=" + RERUN.incrementAndGet(), "keepDays=30", "keepLast=1");

		assertThat(run.exitCode()).as(run.toString()).isZero();
		List<String> keys = ArchiveReader.keys(this.prefix + "/backups/flowbatch/");
		assertThat(keys).contains(restoreTested, restoreTested + ".manifest.json")
			.doesNotContain(unverified, verifiedEarlier);
		assertThat(keys).as("the new backup (dump, globals, manifest) and the newest verified one").hasSize(5);
	}

	@Test
	void aFailedUploadFailsTheBackupLeavesNothingUnderItsKeyAndStopsPgDump() {
		// A dump of several parts, so that the upload fails while pg_dump still writes.
		jdbc.sql("CREATE TABLE backup_test_bulk AS SELECT n, md5(n::TEXT) || md5((-n)::TEXT) AS filler"
				+ " FROM generate_series(1, 800000) n").update();
		TestS3.get().faults().failWritesAfter(1);
		CliRun run;
		try {
			run = CliRun.of("run", "backup", "rerun=" + RERUN.incrementAndGet());
		}
		finally {
			TestS3.get().faults().reset();
			jdbc.sql("DROP TABLE backup_test_bulk").update();
		}

		assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
		assertThat(ArchiveReader.keys(this.prefix + "/backups/")).isEmpty();
		assertThat(ProcessHandle.current().descendants().map((child) -> child.info().command().orElse("")))
			.noneMatch((command) -> command.endsWith("pg_dump"));
		assertThat(Thread.getAllStackTraces().keySet()).noneMatch((thread) -> thread.getName().equals("read-ahead"));
	}

	@Test
	void missingClientToolsAreRefusedBeforeAnythingStarts() {
		System.setProperty("flowbatch.backup.pg-bin-dir", "/nonexistent/bin");

		CliRun run = CliRun.of("run", "backup", "rerun=" + RERUN.incrementAndGet());

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).contains("cannot run /nonexistent/bin/pg_dump").contains("nothing was started");
		assertThat(ArchiveReader.keys(this.prefix + "/backups/")).isEmpty();
	}

	@Test
	void badParametersAreRefused() {
		assertThat(CliRun.of("run", "backup", "keepLast=0").err()).contains("parameter 'keepLast' must be between 1");
		assertThat(CliRun.of("run", "backup", "date=2999-01-01").exitCode()).isEqualTo(2);
		assertThat(CliRun.of("run", "backup", "keepDays=soon").exitCode()).isEqualTo(2);
	}

	private String plantBackup(Instant startedAt) {
		String key = this.prefix + "/backups/flowbatch/" + startedAt.toEpochMilli() + ".dump";
		try (S3Client s3 = TestS3.get().client()) {
			s3.putObject((r) -> r.bucket(TestS3.BUCKET).key(key), RequestBody.fromString("dump"));
			s3.putObject((r) -> r.bucket(TestS3.BUCKET).key(key + ".manifest.json"), RequestBody.fromString(
					"{\"object\": \"" + key + "\", \"startedAt\": \"" + startedAt + "\"}"));
		}
		return key;
	}

	private static JsonNode manifest(String key) {
		try (S3Client s3 = TestS3.get().client()) {
			return JsonMapper.builder().build()
				.readTree(s3.getObjectAsBytes((r) -> r.bucket(TestS3.BUCKET).key(key)).asUtf8String());
		}
	}

}
