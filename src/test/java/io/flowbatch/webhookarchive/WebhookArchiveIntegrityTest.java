package io.flowbatch.webhookarchive;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.flowbatch.testsupport.ArchiveReader;
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

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The faults by which webhook-archive could lose or corrupt data (docs/reliability.md), each injected against the
 * real PostgreSQL and S3 server. Every test ends with the same proof: PostgreSQL and the archive together hold every
 * row that was there before the run, each in its latest version and exactly once, after a restart completes.
 */
class WebhookArchiveIntegrityTest {

	/** Each run its own job instance: cutoffs 40 to 55 days ago (WebhookArchiveJobTest uses 20 to 39). */
	private static final AtomicInteger CUTOFF_DAYS_AGO = new AtomicInteger(0);

	private static final Duration WAIT = Duration.ofSeconds(60);

	private final WebhookEventsFixture events = new WebhookEventsFixture();

	private final JdbcClient jdbc = JdbcClient.create(TestPostgres.get().dataSource());

	private String prefix;

	@BeforeAll
	static void startServers() {
		TestServers.startDatabaseAndS3();
	}

	@BeforeEach
	void isolate() {
		this.events.clear();
		this.jdbc.sql("TRUNCATE archive_upload_attempts, archive_held_back").update();
		this.prefix = "integrity-" + UUID.randomUUID();
		System.setProperty("flowbatch.s3.prefix", this.prefix);
	}

	@AfterEach
	void restore() {
		TestS3.get().faults().reset();
		System.clearProperty("flowbatch.s3.prefix");
		System.clearProperty("flowbatch.s3.socket-timeout");
		System.clearProperty("flowbatch.archive.workers");
		this.jdbc.sql("ALTER DATABASE " + TestPostgres.DATABASE + " RESET idle_in_transaction_session_timeout").update();
	}

	@Test
	void anEventUpdatedWhileItsPartitionUploadsIsArchivedInItsNewVersion() throws Exception {
		LocalDateTime old = LocalDate.now(ZoneOffset.UTC).minusDays(60).atTime(9, 0);
		long changed = this.events.insert("github", "push", "{\"v\": 1}", old);
		this.events.insert("github", "push", "{\"v\": 1}", old.plusMinutes(1));
		FaultyBlobStore.Pause upload = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.PARQUET_WRITE);

		CompletableFuture<CliRun> run = runAsync("run", "webhook-archive", "before=" + nextCutoff());
		upload.awaitReached(WAIT);
		// The webhook service corrects the event after it was exported and while its object uploads.
		this.jdbc.sql("UPDATE webhook_events SET payload = '{\"v\": 2}', processing_status = 'processed' WHERE id = ?")
			.param(changed)
			.update();
		List<Map<String, Object>> latest = this.events.rows("");
		upload.release();

		CliRun done = run.get(2, TimeUnit.MINUTES);
		assertThat(done.exitCode()).as(done.toString()).isZero();
		assertThat(this.events.count()).isZero();
		assertThat(archivedRows()).isEqualTo(latest);
		assertThat(archivedRows()).filteredOn((row) -> row.get("id").equals(changed))
			.singleElement()
			.satisfies((row) -> assertThat(row.get("payload")).isEqualTo("{\"v\": 2}"));
	}

	@Test
	void theExportsBackendTerminatedMidStreamLeavesNoObjectAndARestartCompletes() throws Exception {
		List<Map<String, Object>> before = bigPartition();
		FaultyBlobStore.Pause firstPart = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.PARQUET_WRITE);

		CompletableFuture<CliRun> run = runAsync("run", "webhook-archive", "before=" + nextCutoff());
		firstPart.awaitReached(WAIT);
		int terminated = this.jdbc.sql("""
				SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
				 WHERE datname = current_database() AND pid <> pg_backend_pid()
				   AND query LIKE '%FROM webhook_events%' AND query NOT LIKE '%pg_stat_activity%'""")
			.query(Integer.class)
			.single();
		firstPart.release();

		CliRun failed = run.get(2, TimeUnit.MINUTES);
		assertThat(terminated).isEqualTo(1);
		assertFailedAndNothingMoved(failed, before);
		recoverTheUnknownOutcome(failed);
		restartAndAssertEverythingArchivedOnce(failed, before);
	}

	@Test
	void anIdleInTransactionTimeoutDuringTheUploadLeavesNoObjectAndARestartCompletes() throws Exception {
		List<Map<String, Object>> before = bigPartition();
		this.jdbc.sql("ALTER DATABASE " + TestPostgres.DATABASE + " SET idle_in_transaction_session_timeout = '1s'")
			.update();
		FaultyBlobStore.Pause firstPart = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.PARQUET_WRITE);

		CompletableFuture<CliRun> run = runAsync("run", "webhook-archive", "before=" + nextCutoff());
		firstPart.awaitReached(WAIT);
		Thread.sleep(3_000);
		firstPart.release();

		CliRun failed = run.get(2, TimeUnit.MINUTES);
		this.jdbc.sql("ALTER DATABASE " + TestPostgres.DATABASE + " RESET idle_in_transaction_session_timeout").update();
		assertFailedAndNothingMoved(failed, before);
		recoverTheUnknownOutcome(failed);
		restartAndAssertEverythingArchivedOnce(failed, before);
	}

	@Test
	void aRejectedCompleteMultipartUploadLeavesNoObjectAndARestartCompletes() {
		List<Map<String, Object>> before = bigPartition();
		TestS3.get().faults().rejectMultipartCompletions(true);

		CliRun failed = CliRun.of("run", "webhook-archive", "before=" + nextCutoff());

		assertFailedAndNothingMoved(failed, before);
		TestS3.get().faults().reset();
		restartAndAssertEverythingArchivedOnce(failed, before);
	}

	@Test
	void http500OnTheReadBackDeletesNothingAndARestartVerifiesTheUploadedObjects() {
		this.events.insertSpread(List.of("github", "jira"), 60, 58, 2);
		List<Map<String, Object>> before = this.events.rows("");
		TestS3.get().faults().failParquetReads(true);

		CliRun failed = CliRun.of("run", "webhook-archive", "before=" + nextCutoff());

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
		assertThat(this.events.rows("")).isEqualTo(before);
		assertThat(this.events.manifest()).isEmpty();
		TestS3.get().faults().reset();
		restartAndAssertEverythingArchivedOnce(failed, before);
	}

	@Test
	void aReadBackThatTimesOutDeletesNothingAndARestartCompletes() throws Exception {
		this.events.insertSpread(List.of("github"), 60, 60, 2);
		List<Map<String, Object>> before = this.events.rows("");
		System.setProperty("flowbatch.s3.socket-timeout", "1s");
		TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.PARQUET_READ);

		CliRun failed = CliRun.of("run", "webhook-archive", "before=" + nextCutoff());

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
		assertThat(this.events.rows("")).isEqualTo(before);
		assertThat(this.events.manifest()).isEmpty();
		TestS3.get().faults().reset();
		System.clearProperty("flowbatch.s3.socket-timeout");
		restartAndAssertEverythingArchivedOnce(failed, before);
	}

	@Test
	void anUnrecordedObjectThisDatabaseLeftAtTheKeyIsReplacedWithTheRowsNowInPostgres() {
		String key = twoEventsInAClaimedNamespace();
		List<Map<String, Object>> before = this.events.rows("");
		// An earlier attempt of this database recorded the key, then wrote something that is not the partition.
		this.jdbc.sql("INSERT INTO archive_upload_attempts VALUES (?, 'webhook_events', 0, now())").param(key).update();
		putObject(key, "garbage left by an interrupted attempt");

		CliRun run = CliRun.of("run", "webhook-archive", "before=" + nextCutoff());

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(archivedRows()).isEqualTo(before);
		assertThat(this.events.count()).isZero();
	}

	@Test
	void anObjectThisDatabaseDidNotWriteAtTheKeyIsLeftAloneAndNothingIsDeleted() {
		String key = twoEventsInAClaimedNamespace();
		List<Map<String, Object>> before = this.events.rows("");
		putObject(key, "someone else's object");

		CliRun run = CliRun.of("run", "webhook-archive", "before=" + nextCutoff());

		assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
		assertThat(CliRun.of("status", String.valueOf(run.executionId())).out())
			.contains("not written by this database");
		assertThat(this.events.rows("")).isEqualTo(before);
		assertThat(this.events.manifest()).isEmpty();
		try (var s3 = TestS3.get().client()) {
			assertThat(s3.getObjectAsBytes((r) -> r.bucket(TestS3.BUCKET).key(key)).asUtf8String())
				.isEqualTo("someone else's object");
		}
	}

	@Test
	void timestampsParquetCannotHoldStayInPostgresReportedByIdAndColumnAndTheRestIsArchived() {
		LocalDateTime old = LocalDate.now(ZoneOffset.UTC).minusDays(60).atTime(10, 0);
		long minusInfinity = this.events.insert("github", "processed", "-infinity", old.toString());
		long plusInfinity = this.events.insert("github", "processed", old.toString(), "infinity");
		long beyondParquet = this.events.insert("github", "processed", old.toString(), "294276-12-31 23:59:59");
		this.events.insert("github", "push", "{\"fine\": true}", old);
		List<Map<String, Object>> archivable = this.events
			.rows("WHERE id NOT IN (" + minusInfinity + ", " + plusInfinity + ", " + beyondParquet + ")");

		CliRun run = CliRun.of("run", "webhook-archive", "before=" + nextCutoff());

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(archivedRows()).isEqualTo(archivable);
		assertThat(this.jdbc.sql("SELECT id FROM webhook_events ORDER BY id").query(Long.class).list())
			.containsExactly(minusInfinity, plusInfinity, beyondParquet);
		assertThat(run.out()).contains("3 rows held back")
			.contains("webhook_events " + minusInfinity + " received_at=-infinity")
			.contains("webhook_events " + plusInfinity + " processed_at=infinity")
			.contains("webhook_events " + beyondParquet + " processed_at=294276-12-31 23:59:59");
		assertThat(this.jdbc.sql("SELECT row_id, column_name FROM archive_held_back ORDER BY 1, 2")
			.query((row, n) -> row.getString(1) + " " + row.getString(2))
			.list()).containsExactlyInAnyOrder(minusInfinity + " received_at", plusInfinity + " processed_at",
					beyondParquet + " processed_at");
		String runManifest = runManifest();
		assertThat(runManifest).contains("\"heldBack\"").contains("\"row_id\" : \"" + minusInfinity + "\"");
	}

	@Test
	void pendingAndFailedEventsStayUnlessIncludeUnprocessedAndTheRunSaysHowMany() {
		LocalDateTime old = LocalDate.now(ZoneOffset.UTC).minusDays(60).atTime(10, 0);
		this.events.insert("github", "pending", old.toString(), (String) null);
		this.events.insert("github", "failed", old.plusMinutes(1).toString(), (String) null);
		this.events.insert("github", "failed", old.plusMinutes(2).toString(), (String) null);
		this.events.insert("github", "push", "{\"done\": true}", old.plusMinutes(3));
		List<Map<String, Object>> everything = this.events.rows("");
		List<Map<String, Object>> unprocessed = this.events.rows("WHERE processing_status <> 'processed'");

		CliRun run = CliRun.of("run", "webhook-archive", "before=" + nextCutoff());

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.out()).contains("left in PostgreSQL, not processed yet: 2 failed, 1 pending");
		assertThat(this.events.rows("")).isEqualTo(unprocessed);

		CliRun all = CliRun.of("run", "webhook-archive", "before=" + nextCutoff(), "includeUnprocessed=true");

		assertThat(all.exitCode()).as(all.toString()).isZero();
		assertThat(this.events.count()).isZero();
		assertThat(archivedRows()).isEqualTo(everything);
	}

	@Test
	void aLivenessLockWhoseSessionVanishedRollsThePartitionBackAndARestartCompletes() throws Exception {
		this.events.insertSpread(List.of("github"), 60, 60, 3);
		List<Map<String, Object>> before = this.events.rows("");
		FaultyBlobStore.Pause upload = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.PARQUET_WRITE);

		CompletableFuture<CliRun> run = runAsync("run", "webhook-archive", "before=" + nextCutoff());
		upload.awaitReached(WAIT);
		// 0x466c6f77: the liveness locks' namespace (RunningExecutionLock).
		int terminated = this.jdbc.sql("""
				SELECT count(pg_terminate_backend(pid)) FROM pg_locks
				 WHERE locktype = 'advisory' AND CAST(CAST(classid AS TEXT) AS BIGINT) = 1181511543""")
			.query(Integer.class)
			.single();
		upload.release();

		CliRun failed = run.get(2, TimeUnit.MINUTES);
		assertThat(terminated).isEqualTo(1);
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
		assertThat(CliRun.of("status", String.valueOf(failed.executionId())).out())
			.contains("the liveness lock of execution " + failed.executionId() + " is gone");
		assertThat(this.events.rows("")).isEqualTo(before);
		assertThat(this.events.manifest()).isEmpty();
		restartAndAssertEverythingArchivedOnce(failed, before);
	}

	/** One partition of 5,000 events of 16 KB: its object is a multipart upload that starts mid-export. */
	private List<Map<String, Object>> bigPartition() {
		System.setProperty("flowbatch.archive.workers", "1");
		this.events.insertIncompressible("github", LocalDate.now(ZoneOffset.UTC).minusDays(60).atTime(1, 0), 5_000, 16);
		return this.events.rows("");
	}

	private void assertFailedAndNothingMoved(CliRun failed, List<Map<String, Object>> before) {
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
		assertThat(this.events.rows("")).isEqualTo(before);
		assertThat(this.events.manifest()).isEmpty();
		// The upload was aborted: no object, complete or partial, stands at any key.
		assertThat(ArchiveReader.keys(this.prefix)).noneMatch((key) -> key.endsWith(".parquet"));
	}

	/**
	 * The chunk's rollback failed with its session gone, so Spring Batch ended the execution UNKNOWN, which it does
	 * not restart: the refusal names {@code recover}, which marks it and its steps FAILED and is recorded.
	 */
	private void recoverTheUnknownOutcome(CliRun failed) {
		String id = String.valueOf(failed.executionId());
		assertThat(executionStatuses(failed.executionId())).contains("UNKNOWN");
		CliRun refused = CliRun.of("restart", id);
		assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
		assertThat(refused.err()).contains("is UNKNOWN").contains("flowbatch recover " + id);

		CliRun recovered = CliRun.of("recover", id, "--reason", "database session lost");

		assertThat(recovered.exitCode()).as(recovered.toString()).isZero();
		assertThat(executionStatuses(failed.executionId())).containsOnly("FAILED", "COMPLETED");
		assertThat(this.jdbc.sql("SELECT action FROM operator_actions WHERE job_execution_id = ?")
			.param(failed.executionId())
			.query(String.class)
			.list()).contains("recover");
		assertThat(CliRun.of("status", id).out()).contains("Marked FAILED by 'flowbatch recover'");
	}

	/** The statuses of the execution and of its steps. */
	private List<String> executionStatuses(long executionId) {
		return this.jdbc.sql("""
				SELECT status FROM batch_job_execution WHERE job_execution_id = :id
				UNION ALL SELECT status FROM batch_step_execution WHERE job_execution_id = :id""")
			.param("id", executionId)
			.query(String.class)
			.list();
	}

	private void restartAndAssertEverythingArchivedOnce(CliRun failed, List<Map<String, Object>> before) {
		CliRun restarted = CliRun.of("restart", String.valueOf(failed.executionId()));
		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		List<Map<String, Object>> union = new ArrayList<>(this.events.rows(""));
		union.addAll(archivedRows());
		union.sort(Comparator.comparing((row) -> (Long) row.get("id")));
		assertThat(union).isEqualTo(before);
	}

	private List<Map<String, Object>> archivedRows() {
		if (ArchiveReader.keys(this.prefix).stream().noneMatch((key) -> key.endsWith(".parquet"))) {
			return List.of();
		}
		return ArchiveReader.query(ArchiveReader.download(this.prefix), "webhook_events",
				WebhookEventsFixture.ARCHIVED_ROWS);
	}

	private String runManifest() {
		String key = ArchiveReader.keys(this.prefix + "/webhook_events/_manifests/before=").get(0);
		try (var s3 = TestS3.get().client()) {
			return s3.getObjectAsBytes((r) -> r.bucket(TestS3.BUCKET).key(key)).asUtf8String();
		}
	}

	/** One partition of two events in a namespace this database owns; returns the partition's object key. */
	private String twoEventsInAClaimedNamespace() {
		LocalDateTime old = LocalDate.now(ZoneOffset.UTC).minusDays(60).atTime(10, 0);
		long first = this.events.insert("github", "push", "{\"a\": 1}", old);
		long last = this.events.insert("github", "push", "{\"a\": 2}", old.plusMinutes(5));
		CliRun claim = CliRun.of("namespace", "claim");
		assertThat(claim.exitCode()).as(claim.toString()).isZero();
		return this.prefix + "/webhook_events/source=github/received_month=" + java.time.YearMonth.from(old) + "/events-"
				+ first
				+ "-" + last + ".parquet";
	}

	private static void putObject(String key, String content) {
		try (var s3 = TestS3.get().client()) {
			s3.putObject((r) -> r.bucket(TestS3.BUCKET).key(key), RequestBody.fromString(content));
		}
	}

	private static CompletableFuture<CliRun> runAsync(String... args) {
		return CompletableFuture.supplyAsync(() -> CliRun.of(args));
	}

	private static LocalDate nextCutoff() {
		return LocalDate.now(ZoneOffset.UTC).minusDays(CUTOFF_DAYS_AGO.getAndIncrement() % 16 + 40);
	}

}
