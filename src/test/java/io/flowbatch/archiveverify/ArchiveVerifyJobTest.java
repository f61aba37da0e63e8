package io.flowbatch.archiveverify;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.FaultyBlobStore;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestS3;
import io.flowbatch.testsupport.TestServers;
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
 * archive-verify against objects the archive job really wrote (webhook-archive through the CLI) on the real S3
 * server, then damaged the ways storage and people damage them.
 */
class ArchiveVerifyJobTest {

	private static final AtomicInteger RERUN = new AtomicInteger();

	private static final AtomicInteger CUTOFF_DAYS_AGO = new AtomicInteger();

	private static JdbcClient jdbc;

	private String prefix;

	private List<String> objects;

	@BeforeAll
	static void startServers() {
		TestServers.startDatabaseAndS3();
		jdbc = JdbcClient.create(TestPostgres.get().dataSource());
	}

	@BeforeEach
	void archiveSomething() {
		this.prefix = "verify-" + UUID.randomUUID();
		System.setProperty("flowbatch.s3.prefix", this.prefix);
		jdbc.sql("TRUNCATE webhook_events, archive_manifest, archive_verify_findings").update();
		LocalDateTime old = LocalDate.now(ZoneOffset.UTC).minusDays(70).atTime(8, 0);
		// One object per source and month: three sources, three objects.
		for (String source : List.of("github", "gitlab", "jira")) {
			for (int i = 0; i < 4; i++) {
				insertEvent(source, old.plusMinutes(i));
			}
		}
		// Cutoffs 56 to 65 days ago: job instances of their own (the other archive tests use 8 to 55).
		CliRun archived = CliRun.of("run", "webhook-archive",
				"before=" + LocalDate.now(ZoneOffset.UTC).minusDays(CUTOFF_DAYS_AGO.getAndIncrement() % 10 + 56));
		assertThat(archived.exitCode()).as(archived.toString()).isZero();
		this.objects = jdbc.sql("SELECT object_key FROM archive_manifest ORDER BY 1").query(String.class).list();
		assertThat(this.objects).hasSize(3);
	}

	@AfterEach
	void restore() {
		TestS3.get().faults().reset();
		System.clearProperty("flowbatch.s3.prefix");
	}

	@Test
	void anIntactArchivePassesInBothModes() {
		for (String full : List.of("false", "true")) {
			CliRun run = verify("full=" + full);

			assertThat(run.exitCode()).as(run.toString()).isZero();
			assertThat(run.out()).containsPattern("verify-objects\\s+COMPLETED\\s+3\\s+0\\s+3");
		}
		assertThat(findings()).isEmpty();
	}

	@Test
	void missingTruncatedAndRewrittenObjectsAreEachListedAndFailTheRun() {
		try (S3Client s3 = TestS3.get().client()) {
			s3.deleteObject((r) -> r.bucket(TestS3.BUCKET).key(this.objects.get(0)));
			byte[] bytes = s3.getObjectAsBytes((r) -> r.bucket(TestS3.BUCKET).key(this.objects.get(1))).asByteArray();
			put(s3, this.objects.get(1), java.util.Arrays.copyOf(bytes, bytes.length - 10));
			byte[] rewritten = s3.getObjectAsBytes((r) -> r.bucket(TestS3.BUCKET).key(this.objects.get(2)))
				.asByteArray();
			rewritten[rewritten.length / 2] ^= 0x20;
			put(s3, this.objects.get(2), rewritten);
		}

		CliRun run = verify();

		assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
		assertThat(findings()).containsExactly(Map.of("object_key", this.objects.get(0), "problem", "MISSING"),
				Map.of("object_key", this.objects.get(1), "problem", "SIZE_DIFFERS"),
				Map.of("object_key", this.objects.get(2), "problem", "SHA256_DIFFERS"));
		assertThat(CliRun.of("status", String.valueOf(run.executionId())).out())
			.contains("3 archived objects are missing or differ")
			.contains(this.objects.get(0) + ": missing");
	}

	@Test
	void fullModeReadsBackEveryRowAndCatchesAValidParquetFileWithOtherContent() {
		// Another partition's object, valid Parquet, under this key: same format, other rows.
		try (S3Client s3 = TestS3.get().client()) {
			byte[] other = s3.getObjectAsBytes((r) -> r.bucket(TestS3.BUCKET).key(this.objects.get(1))).asByteArray();
			put(s3, this.objects.get(0), other);
		}
		// The manifest row vouches for the new bytes, so that only reading the rows back can tell.
		jdbc.sql("""
				UPDATE archive_manifest
				   SET byte_size = (SELECT byte_size FROM archive_manifest WHERE object_key = :other),
				       sha256 = (SELECT sha256 FROM archive_manifest WHERE object_key = :other)
				 WHERE object_key = :replaced""")
			.param("other", this.objects.get(1))
			.param("replaced", this.objects.get(0))
			.update();

		CliRun quick = verify();
		CliRun full = verify("full=true");

		assertThat(quick.exitCode()).as(quick.toString()).isZero();
		assertThat(full.exitCode()).as(full.toString()).isEqualTo(1);
		assertThat(jdbc.sql("SELECT problem FROM archive_verify_findings WHERE object_key = ?")
			.param(this.objects.get(0))
			.query(String.class)
			.list()).containsExactly("CONTENT_DIFFERS");
	}

	@Test
	void http500OnReadsIsAFindingNeverAPass() {
		TestS3.get().faults().failParquetReads(true);

		CliRun run = verify();

		assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
		assertThat(findings()).extracting((finding) -> finding.get("problem")).containsOnly("UNREADABLE").hasSize(3);
	}

	@Test
	void sinceRestrictsTheCheckToObjectsRecordedFromThatDay() {
		jdbc.sql("UPDATE archive_manifest SET verified_at = verified_at - INTERVAL '40 days' WHERE object_key <> ?")
			.param(this.objects.get(2))
			.update();
		try (S3Client s3 = TestS3.get().client()) {
			s3.deleteObject((r) -> r.bucket(TestS3.BUCKET).key(this.objects.get(0)));
		}

		CliRun recent = verify("since=" + LocalDate.now(ZoneOffset.UTC).minusDays(7));

		assertThat(recent.exitCode()).as(recent.toString()).isZero();
		assertThat(recent.out()).containsPattern("verify-objects\\s+COMPLETED\\s+1\\s+0\\s+1");
	}

	@Test
	void aRunKilledMidwayResumesAfterTheLastCommittedChunk() throws Exception {
		for (int source = 0; source < 22; source++) {
			insertEvent("source-" + source, LocalDate.now(ZoneOffset.UTC).minusDays(71).atTime(8, 0));
		}
		CliRun archived = CliRun.of("run", "webhook-archive",
				"before=" + LocalDate.now(ZoneOffset.UTC).minusDays(CUTOFF_DAYS_AGO.getAndIncrement() % 10 + 56));
		assertThat(archived.exitCode()).as(archived.toString()).isZero();
		List<String> keys = jdbc.sql("SELECT object_key FROM archive_manifest ORDER BY 1").query(String.class).list();
		assertThat(keys).hasSize(25);
		// Held on the 15th object: the first chunk of 10 has committed.
		FaultyBlobStore.Pause fifteenth = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.PARQUET_READ,
				keys.get(14));

		long executionId = killWhen(reached(fifteenth), "run", "archive-verify", "rerun=" + RERUN.incrementAndGet());
		TestS3.get().faults().reset();
		recoverAndRestart(executionId);

		assertThat(jdbc.sql("""
				SELECT read_count FROM batch_step_execution
				 WHERE step_name = 'verify-objects'
				   AND job_execution_id = (SELECT max(job_execution_id) FROM batch_job_execution
				                            WHERE job_instance_id = (SELECT job_instance_id FROM batch_job_execution
				                                                      WHERE job_execution_id = ?))""")
			.param(executionId)
			.query(Long.class)
			.single()).as("objects checked by the restart").isEqualTo(15);
		assertThat(findings()).isEmpty();
	}

	private static CliRun verify(String... parameters) {
		String[] args = new String[parameters.length + 3];
		args[0] = "run";
		args[1] = "archive-verify";
		args[2] = "rerun=" + RERUN.incrementAndGet();
		System.arraycopy(parameters, 0, args, 3, parameters.length);
		return CliRun.of(args);
	}

	private static void insertEvent(String source, LocalDateTime receivedAt) {
		jdbc.sql("""
				INSERT INTO webhook_events (source, event_type, delivery_id, payload, processing_status, received_at,
				                            processed_at)
				VALUES (?, 'push', ?, '{"n": 1}', 'processed', ?, ?)""")
			.params(source, UUID.randomUUID().toString(), receivedAt, receivedAt.plusMinutes(1))
			.update();
	}

	private static List<Map<String, Object>> findings() {
		return jdbc.sql("SELECT object_key, problem FROM archive_verify_findings ORDER BY object_key").query().listOfRows();
	}

	private static void put(S3Client s3, String key, byte[] bytes) {
		s3.putObject((r) -> r.bucket(TestS3.BUCKET).key(key), RequestBody.fromBytes(bytes));
	}

}
