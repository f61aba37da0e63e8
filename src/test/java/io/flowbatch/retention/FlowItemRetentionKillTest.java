package io.flowbatch.retention;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.flowbatch.testsupport.ArchiveReader;
import io.flowbatch.testsupport.ChildFlowbatch;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.FaultyBlobStore;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestServers;
import io.flowbatch.testsupport.TestS3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.flowbatch.retention.FlowItemRetentionJobTest.counts;
import static io.flowbatch.retention.FlowItemRetentionJobTest.id;
import static io.flowbatch.testsupport.Interruptions.killWhen;
import static io.flowbatch.testsupport.Interruptions.reached;
import static io.flowbatch.testsupport.Interruptions.recoverAndRestart;
import static io.flowbatch.testsupport.Interruptions.statementWaitingForLock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * flow-item-retention killed (SIGKILL) during export, verification and delete, then recovered and restarted by id:
 * the end state is an uninterrupted run's. And a transition written for an item while its batch is being archived
 * is never silently lost.
 */
class FlowItemRetentionKillTest {

	/** Each test has its own cutoff ({@code before} identifies the job instance). */
	private static final AtomicInteger CUTOFF_DAYS_AGO = new AtomicInteger(92);

	private String prefix;

	private LocalDate before;

	@BeforeAll
	static void startServers() {
		TestServers.startDatabaseAndS3();
		FlowItemRetentionJobTest.jdbc = org.springframework.jdbc.core.simple.JdbcClient.create(TestPostgres.get().dataSource());
	}

	@BeforeEach
	void loadItems() {
		this.prefix = FlowItemRetentionJobTest.loadFixture();
		// 92..98 days ago: gone-91 stays too; gone-no-children (150 days) and gone-odd-team (99 days) go.
		this.before = LocalDate.now(ZoneOffset.UTC).minusDays(CUTOFF_DAYS_AGO.getAndIncrement());
	}

	@AfterEach
	void restore() {
		TestS3.get().faults().reset();
		System.clearProperty("flowbatch.s3.prefix");
	}

	@Test
	void killedDuringExport() throws Exception {
		FaultyBlobStore.Pause export = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.PARQUET_WRITE);
		long executionId = killWhen(reached(export), "run", "flow-item-retention", "before=" + this.before);
		TestS3.get().faults().reset();

		recoverAndRestart(executionId);

		assertEndStateOfAnUninterruptedRun();
	}

	@Test
	void killedDuringVerification() throws Exception {
		FaultyBlobStore.Pause verification = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.PARQUET_READ);
		long executionId = killWhen(reached(verification), "run", "flow-item-retention", "before=" + this.before);
		TestS3.get().faults().reset();

		recoverAndRestart(executionId);

		assertEndStateOfAnUninterruptedRun();
	}

	@Test
	void killedDuringDelete() throws Exception {
		try (Connection locker = TestPostgres.get().dataSource().getConnection();
				Statement statement = locker.createStatement()) {
			locker.setAutoCommit(false);
			statement.execute("LOCK TABLE flow_items IN SHARE MODE");
			long executionId = killWhen(statementWaitingForLock("DELETE FROM flow_items"), "run",
					"flow-item-retention", "before=" + this.before);
			locker.rollback();

			recoverAndRestart(executionId);
		}

		assertEndStateOfAnUninterruptedRun();
	}

	@Test
	void aTransitionWrittenWhileItsItemIsBeingArchivedIsRefusedNotSilentlyLost() throws Exception {
		FaultyBlobStore.Pause export = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.PARQUET_WRITE);
		try (ChildFlowbatch child = ChildFlowbatch.start("run", "flow-item-retention", "before=" + this.before)) {
			child.awaitExecutionId();
			reached(export).await();
			// The batch holds its items locked: the late webhook's insert waits (here: 1 s) instead of slipping in.
			try (Connection webhookService = TestPostgres.get().dataSource().getConnection();
					Statement insert = webhookService.createStatement()) {
				insert.execute("SET lock_timeout = '1s'");
				assertThatThrownBy(() -> insert.execute("INSERT INTO stage_transitions (flow_item_id, to_stage)"
						+ " VALUES ('" + id("gone-no-children") + "', 'reopened')"))
					.isInstanceOf(SQLException.class)
					.hasMessageContaining("lock timeout");
			}
			TestS3.get().faults().reset();
			assertThat(child.awaitExit(java.time.Duration.ofSeconds(60))).as(child.stderr()).isZero();
		}
		assertEndStateOfAnUninterruptedRun();
	}

	private void assertEndStateOfAnUninterruptedRun() {
		assertThat(FlowItemRetentionJobTest.jdbc.sql("SELECT external_id FROM flow_items ORDER BY 1")
			.query(String.class)
			.list()).containsExactly("gone-91", "stays-89", "stays-canceled", "stays-open-400");
		assertThat(counts()).isEqualTo(Map.of("flow_items", 4L, "stage_transitions", 5L, "stage_metrics", 2L));
		java.nio.file.Path archive = ArchiveReader.download(this.prefix);
		assertThat(ArchiveReader.query(archive, "SELECT external_id FROM {flow_items} ORDER BY 1"))
			.extracting((row) -> row.get("external_id"))
			.containsExactly("gone-no-children", "gone-odd-team");
		assertThat(ArchiveReader.query(archive, "SELECT count(*) AS n FROM {stage_transitions}"))
			.containsExactly(Map.of("n", 1L));
		assertThat(FlowItemRetentionJobTest.jdbc.sql("SELECT dataset || '=' || sum(row_count) FROM archive_manifest"
				+ " GROUP BY dataset ORDER BY 1").query(String.class).list())
			.containsExactly("flow_items=2", "stage_transitions=1");
		assertThat(ArchiveReader.keys(this.prefix + "/flow_items/team_id=")).hasSize(2);
	}

}
