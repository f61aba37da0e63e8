package io.flowbatch.webhookarchive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

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

import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.flowbatch.testsupport.Interruptions.killWhen;
import static io.flowbatch.testsupport.Interruptions.reached;
import static io.flowbatch.testsupport.Interruptions.recoverAndRestart;
import static io.flowbatch.testsupport.Interruptions.statementWaitingForLock;
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
		TestServers.startDatabaseAndS3();
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
		long executionId = killWhen(reached(upload), "run", "webhook-archive", "before=" + this.before);
		TestS3.get().faults().reset();

		recoverAndRestart(executionId);

		assertEndStateOfAnUninterruptedRun();
	}

	@Test
	void killedDuringVerification() throws Exception {
		FaultyBlobStore.Pause verification = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.PARQUET_READ);
		long executionId = killWhen(reached(verification), "run", "webhook-archive", "before=" + this.before);
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
			long executionId = killWhen(statementWaitingForLock("DELETE FROM webhook_events"), "run", "webhook-archive",
					"before=" + this.before);
			locker.rollback();

			recoverAndRestart(executionId);
		}

		assertEndStateOfAnUninterruptedRun();
	}

	/**
	 * Plan once: the restart archives the partitions the killed execution's plan step stored, continuing after those
	 * its workers had committed, and does not plan again: events of a new source that arrive meanwhile are left for
	 * the next run.
	 */
	@Test
	void killedAfterSomePartitionsRestartArchivesTheStoredPlan() throws Exception {
		String lastMonth = JdbcClient.create(TestPostgres.get().dataSource())
			.sql("SELECT to_char(max(received_at), 'YYYY-MM') FROM webhook_events WHERE received_at < ?")
			.param(this.before.atStartOfDay())
			.query(String.class)
			.single();
		// The plan's last partition (latest month, last source): the last of its worker's share.
		FaultyBlobStore.Pause lastUpload = TestS3.get()
			.faults()
			.pauseOn(FaultyBlobStore.Operation.PARQUET_WRITE, "source=jira/received_month=" + lastMonth);
		long executionId = killWhen(reached(lastUpload), "run", "webhook-archive", "before=" + this.before);
		TestS3.get().faults().reset();
		assertThat(this.events.manifest()).as("partitions committed before the kill").isNotEmpty();
		this.events.insertSpread(List.of("bitbucket"), 100, 96, 2);

		recoverAndRestart(executionId);

		assertThat(this.events.rows("WHERE received_at < '" + this.before + "' AND source <> 'bitbucket'")).isEmpty();
		assertThat(this.events.rows("WHERE received_at < '" + this.before + "' AND source = 'bitbucket'")).hasSize(10);
		assertThat(ArchiveReader.query(ArchiveReader.download(this.prefix), "webhook_events",
				WebhookEventsFixture.ARCHIVED_ROWS))
			.isEqualTo(this.expectedArchived);
		List<Map<String, Object>> manifest = this.events.manifest();
		assertThat(manifest.stream().mapToLong((object) -> (Long) object.get("row_count")).sum())
			.isEqualTo(this.expectedArchived.size());
		assertThat(ArchiveReader.keys(this.prefix + "/webhook_events/source=")).hasSameSizeAs(manifest);
		assertThat(JdbcClient.create(TestPostgres.get().dataSource())
			.sql("SELECT count(*) FROM archive_plan_partitions WHERE job_execution_id = ?")
			.param(executionId)
			.query(Long.class)
			.single()).as("the completed instance's stored plan is deleted").isZero();
	}

	/**
	 * An execution planned by a version that did not store its plan, restarted after the upgrade: its workers plan
	 * their share from PostgreSQL, as that version did.
	 */
	@Test
	void restartOfAnExecutionPlannedBeforePlansWereStoredPlansFromPostgresql() throws Exception {
		FaultyBlobStore.Pause upload = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.PARQUET_WRITE);
		long executionId = killWhen(reached(upload), "run", "webhook-archive", "before=" + this.before);
		TestS3.get().faults().reset();
		plannedByAnEarlierVersion(executionId);

		recoverAndRestart(executionId);

		assertEndStateOfAnUninterruptedRun();
	}

	/** Removes what this version's plan step stored: the plan's rows and their mention in the step's context. */
	private static void plannedByAnEarlierVersion(long executionId) throws IOException {
		JdbcClient jdbc = JdbcClient.create(TestPostgres.get().dataSource());
		assertThat(jdbc.sql("DELETE FROM archive_plan_partitions WHERE job_execution_id = ?").param(executionId).update())
			.isPositive();
		Map<String, Object> plan = jdbc.sql("""
				SELECT c.step_execution_id, c.short_context
				  FROM batch_step_execution_context c JOIN batch_step_execution s USING (step_execution_id)
				 WHERE s.job_execution_id = ? AND s.step_name = 'plan'""").param(executionId).query().singleRow();
		DefaultExecutionContextSerializer serializer = new DefaultExecutionContextSerializer();
		Map<String, Object> context = serializer.deserialize(
				new ByteArrayInputStream(((String) plan.get("short_context")).getBytes(StandardCharsets.ISO_8859_1)));
		assertThat(context.remove("archive.plan.stored-by")).isEqualTo(executionId);
		ByteArrayOutputStream serialized = new ByteArrayOutputStream();
		serializer.serialize(context, serialized);
		jdbc.sql("UPDATE batch_step_execution_context SET short_context = ?, serialized_context = NULL"
				+ " WHERE step_execution_id = ?")
			.params(serialized.toString(StandardCharsets.ISO_8859_1), plan.get("step_execution_id"))
			.update();
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

}
