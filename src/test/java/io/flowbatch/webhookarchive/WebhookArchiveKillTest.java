package io.flowbatch.webhookarchive;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.flowbatch.testsupport.ArchiveReader;
import io.flowbatch.testsupport.ChildFlowbatch;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.FaultyBlobStore;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestS3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM killed with SIGKILL during upload, verification or deletion, then {@code recover} and {@code restart} by
 * execution id: the end state is the one an uninterrupted run leaves — every archived row exactly once in S3, gone
 * from PostgreSQL, one verified object per partition — and no other row touched.
 */
class WebhookArchiveKillTest {

	private static final AtomicInteger CUTOFF_DAYS_AGO = new AtomicInteger(70);

	private final WebhookEventsFixture events = new WebhookEventsFixture();

	private String prefix;

	private LocalDate before;

	private List<Map<String, Object>> expectedArchived;

	private long expectedRemaining;

	@BeforeAll
	static void startServers() {
		TestPostgres.get();
		TestS3.get();
		assertThat(CliRun.of("history", "--limit", "1").exitCode()).isZero();
	}

	@BeforeEach
	void loadEvents() {
		this.events.clear();
		this.prefix = "kill-" + UUID.randomUUID();
		System.setProperty("flowbatch.s3.prefix", this.prefix);
		this.events.insertSpread(List.of("github", "gitlab", "jira"), 100, 80, 4);
		this.before = LocalDate.now(ZoneOffset.UTC).minusDays(CUTOFF_DAYS_AGO.getAndIncrement() % 10 + 85);
		this.expectedArchived = this.events.rows("WHERE received_at < '" + this.before + "'");
		this.expectedRemaining = this.events.count() - this.expectedArchived.size();
	}

	@AfterEach
	void restore() {
		TestS3.get().faults().reset();
		System.clearProperty("flowbatch.s3.prefix");
	}

	@Test
	void killedDuringUpload() throws Exception {
		FaultyBlobStore.Pause upload = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.PARQUET_WRITE);
		long executionId = killWhen(() -> upload.awaitReached(Duration.ofSeconds(60)));
		TestS3.get().faults().reset();

		recoverAndRestart(executionId);

		assertEndStateOfAnUninterruptedRun();
	}

	@Test
	void killedDuringVerification() throws Exception {
		FaultyBlobStore.Pause verification = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.PARQUET_READ);
		long executionId = killWhen(() -> verification.awaitReached(Duration.ofSeconds(60)));
		TestS3.get().faults().reset();

		recoverAndRestart(executionId);

		assertEndStateOfAnUninterruptedRun();
	}

	@Test
	void killedDuringDeletion() throws Exception {
		try (Connection locker = TestPostgres.get().dataSource().getConnection();
				Statement statement = locker.createStatement()) {
			locker.setAutoCommit(false);
			// Reads go on; the archive's DELETE waits here until the test has killed its JVM.
			statement.execute("LOCK TABLE webhook_events IN SHARE MODE");
			long executionId = killWhen(this::awaitDeleteWaitingForLock);
			locker.rollback();

			recoverAndRestart(executionId);
		}

		assertEndStateOfAnUninterruptedRun();
	}

	private long killWhen(Moment moment) throws Exception {
		try (ChildFlowbatch child = ChildFlowbatch.start("run", "webhook-archive", "before=" + this.before)) {
			long executionId = child.awaitExecutionId();
			moment.await();
			child.kill();
			return executionId;
		}
	}

	private void recoverAndRestart(long executionId) {
		CliRun recovered = CliRun.of("recover", String.valueOf(executionId));
		assertThat(recovered.exitCode()).as(recovered.toString()).isZero();
		CliRun restarted = CliRun.of("restart", String.valueOf(executionId));
		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
	}

	private void awaitDeleteWaitingForLock() throws InterruptedException {
		JdbcClient jdbc = JdbcClient.create(TestPostgres.get().dataSource());
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
				+ " AND query LIKE '%DELETE FROM webhook_events%'").query(Integer.class).single() == 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the archive never reached its delete");
			}
			Thread.sleep(20);
		}
	}

	private void assertEndStateOfAnUninterruptedRun() {
		assertThat(this.events.rows("WHERE received_at < '" + this.before + "'")).isEmpty();
		assertThat(this.events.count()).isEqualTo(this.expectedRemaining);
		assertThat(ArchiveReader.query(ArchiveReader.download(this.prefix), "webhook_events",
				WebhookEventsFixture.ARCHIVED_ROWS))
			.isEqualTo(this.expectedArchived);
		List<Map<String, Object>> manifest = this.events.manifest();
		assertThat(manifest).allSatisfy((object) -> assertThat(object.get("rows_deleted")).isEqualTo(object.get("row_count")));
		assertThat(manifest.stream().mapToLong((object) -> (Long) object.get("row_count")).sum())
			.isEqualTo(this.expectedArchived.size());
		assertThat(ArchiveReader.keys(this.prefix + "/webhook_events/source=")).hasSameSizeAs(manifest);
	}

	@FunctionalInterface
	private interface Moment {

		void await() throws Exception;

	}

}
