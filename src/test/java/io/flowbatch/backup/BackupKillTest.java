package io.flowbatch.backup;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.flowbatch.testsupport.ArchiveReader;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.FaultyBlobStore;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestServers;
import io.flowbatch.testsupport.TestS3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.jdbc.core.simple.JdbcClient;

import static io.flowbatch.testsupport.Interruptions.killWhen;
import static io.flowbatch.testsupport.Interruptions.reached;
import static io.flowbatch.testsupport.Interruptions.recoverAndRestart;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * backup killed with SIGKILL mid-dump, after the upload before the manifest, and mid-retention, then {@code recover}
 * and {@code restart} by execution id: the end state is an uninterrupted run's — complete backups (dump, globals,
 * manifest) and nothing else under the prefix, no unfinished upload — and until the killed execution is recovered,
 * what it left is reported, not deleted.
 */
class BackupKillTest {

	private static final AtomicLong RERUN = new AtomicLong(System.currentTimeMillis());

	private String prefix;

	@BeforeAll
	static void startServers() {
		TestServers.startDatabaseAndS3();
	}

	@BeforeEach
	void isolate() {
		this.prefix = "backup-kill-" + UUID.randomUUID();
		System.setProperty("flowbatch.s3.prefix", this.prefix);
		CliRun claimed = CliRun.of("namespace", "claim");
		assertThat(claimed.exitCode()).as(claimed.toString()).isZero();
	}

	@AfterEach
	void restore() {
		TestS3.get().faults().reset();
		System.clearProperty("flowbatch.s3.prefix");
	}

	@Test
	void killedMidDumpLeavesAnUnfinishedUploadThatTheRestartAborts() throws Exception {
		// A dump of several parts, so that the kill comes while pg_dump still writes.
		JdbcClient jdbc = JdbcClient.create(TestPostgres.get().dataSource());
		jdbc.sql("CREATE TABLE backup_kill_bulk AS SELECT n, md5(n::TEXT) || md5((-n)::TEXT) AS filler"
				+ " FROM generate_series(1, 800000) n").update();
		long executionId;
		try {
			FaultyBlobStore.Pause firstPart = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.WRITE, ".dump");
			executionId = killWhen(reached(firstPart), "run", "backup", "rerun=" + RERUN.incrementAndGet());
			TestS3.get().faults().reset();
			assertThat(unfinishedUploads()).as("the killed run's upload").isNotEmpty();

			recoverAndRestart(executionId);
		}
		finally {
			jdbc.sql("DROP TABLE backup_kill_bulk").update();
		}

		assertOnlyCompleteBackups(1);
		assertThat(unfinishedUploads()).isEmpty();
	}

	@Test
	void killedAfterTheUploadBeforeTheManifestLeavesADumpThatIsReportedUntilRecoveredThenDeleted() throws Exception {
		// Held at the globals, written between the dump and the manifest. (Released after the kill, the request the
		// server has whole may still complete, as on S3: the dump and perhaps the globals are left.)
		FaultyBlobStore.Pause globals = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.WRITE, ".globals.sql");
		long executionId = killWhen(reached(globals), "run", "backup", "rerun=" + RERUN.incrementAndGet());
		TestS3.get().faults().reset();
		List<String> left = ArchiveReader.keys(this.prefix + "/backups/");
		assertThat(left).as("the dump, no manifest").isNotEmpty()
			.allMatch((key) -> key.contains("-execution-" + executionId + ".dump"))
			.noneMatch((key) -> key.endsWith(".manifest.json"));

		CliRun another = CliRun.of("run", "backup", "rerun=" + RERUN.incrementAndGet());

		assertThat(another.exitCode()).as(another.toString()).isZero();
		assertThat(another.out()).contains("kept, written by an execution not yet ended").contains(left.get(0));
		CliRun verify = CliRun.of("run", "backup-verify", "rerun=" + RERUN.incrementAndGet());
		assertThat(verify.out()).contains(left.size() + " objects without a manifest");
		assertThat(ArchiveReader.keys(this.prefix + "/backups/")).containsAll(left);

		recoverAndRestart(executionId);

		assertOnlyCompleteBackups(2);
	}

	@Test
	void killedMidRetentionLeavesPartOfAnExpiredBackupThatTheRestartDeletes() throws Exception {
		String expired = plantBackup(Instant.now().minus(60, ChronoUnit.DAYS));
		FaultyBlobStore.Pause globalsDelete = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.DELETE,
				expired + ".globals.sql");
		long executionId = killWhen(reached(globalsDelete), "run", "backup", "rerun=" + RERUN.incrementAndGet(),
				"keepDays=30", "keepLast=1");
		TestS3.get().faults().reset();
		assertThat(ArchiveReader.keys(this.prefix + "/backups/")).as("manifest deleted first")
			.doesNotContain(expired + ".manifest.json")
			.contains(expired);

		recoverAndRestart(executionId);

		assertThat(ArchiveReader.keys(this.prefix + "/backups/")).noneMatch((key) -> key.startsWith(expired));
		assertOnlyCompleteBackups(1);
	}

	/** Every object belongs to one of {@code count} backups, each a dump, its globals and its manifest. */
	private void assertOnlyCompleteBackups(int count) {
		List<String> keys = ArchiveReader.keys(this.prefix + "/backups/");
		List<String> dumps = keys.stream().filter((key) -> key.endsWith(".dump")).toList();
		assertThat(dumps).hasSize(count);
		assertThat(keys).hasSize(3 * count);
		for (String dump : dumps) {
			assertThat(keys).contains(dump + ".globals.sql", dump + ".manifest.json");
		}
	}

	private String plantBackup(Instant startedAt) {
		String key = this.prefix + "/backups/flowbatch/20200101T000000Z-execution-999999999.dump";
		try (S3Client s3 = TestS3.get().client()) {
			s3.putObject((r) -> r.bucket(TestS3.BUCKET).key(key), RequestBody.fromString("dump"));
			s3.putObject((r) -> r.bucket(TestS3.BUCKET).key(key + ".globals.sql"), RequestBody.fromString("--"));
			s3.putObject((r) -> r.bucket(TestS3.BUCKET).key(key + ".manifest.json"), RequestBody.fromString(
					"{\"object\": \"" + key + "\", \"startedAt\": \"" + startedAt + "\"}"));
		}
		return key;
	}

	private List<String> unfinishedUploads() {
		try (S3Client s3 = TestS3.get().client()) {
			return s3.listMultipartUploads((r) -> r.bucket(TestS3.BUCKET).prefix(this.prefix + "/"))
				.uploads()
				.stream()
				.map((upload) -> upload.key())
				.toList();
		}
	}

}
