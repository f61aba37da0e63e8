package io.flowbatch.retention;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.flowbatch.testsupport.ChildFlowbatch;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * flow-item-retention with {@code flowbatch.partitioning=remote}: its partitions (team and month: lock, three objects,
 * children and items deleted) run in two {@code flowbatch worker} JVMs over the real RabbitMQ broker, and the run
 * leaves what a local run leaves. The same workers serve both archive jobs (webhook-archive's remote runs:
 * WebhookArchiveRemotePartitioningTest).
 */
class FlowItemRetentionRemotePartitioningTest {

	/** The fixture's items lie this many days further back than the other tests', so the job instance is new. */
	private static final int SHIFT_DAYS = 4_000;

	private final List<ChildFlowbatch> workers = new ArrayList<>();

	@BeforeAll
	static void startServers() {
		TestServers.startDatabaseAndS3();
		FlowItemRetentionJobTest.jdbc = JdbcClient.create(TestPostgres.get().dataSource());
	}

	@AfterEach
	void stopWorkersAndRestore() throws Exception {
		for (ChildFlowbatch worker : this.workers) {
			worker.close();
		}
		for (String name : List.of("flowbatch.s3.prefix", "flowbatch.partitioning", "flowbatch.remote-partitioning.queue",
				"flowbatch.remote-partitioning.poll-interval", "flowbatch.retention.workers")) {
			System.clearProperty(name);
		}
	}

	@Test
	void twoWorkerJvmsArchiveAndDeleteWhatALocalRunDoes() throws Exception {
		FlowItemRetentionJobTest.loadFixture(SHIFT_DAYS);
		System.setProperty("flowbatch.partitioning", "remote");
		System.setProperty("flowbatch.remote-partitioning.queue", "flowbatch-test-" + UUID.randomUUID());
		System.setProperty("flowbatch.remote-partitioning.poll-interval", "500ms");
		System.setProperty("flowbatch.retention.workers", "2");
		this.workers.add(ChildFlowbatch.start("worker"));
		this.workers.add(ChildFlowbatch.start("worker"));
		LocalDate before = LocalDate.now(ZoneOffset.UTC).minusDays(90 + SHIFT_DAYS);

		CliRun run = CliRun.of("run", "flow-item-retention", "before=" + before);

		assertThat(run.exitCode()).as(run.toString()).isZero();
		JdbcClient jdbc = FlowItemRetentionJobTest.jdbc;
		assertThat(jdbc.sql("SELECT external_id FROM flow_items ORDER BY 1").query(String.class).list())
			.containsExactly("stays-89", "stays-canceled", "stays-open-400");
		assertThat(jdbc.sql("SELECT dataset, sum(row_count), sum(rows_deleted) FROM archive_manifest GROUP BY 1"
				+ " ORDER BY 1")
			.query((rs, n) -> rs.getString(1) + "=" + rs.getLong(2) + "/" + rs.getLong(3))
			.list()).containsExactly("flow_items=3/3", "stage_metrics=2/2", "stage_transitions=4/4");
		assertThat(jdbc.sql("SELECT count(*) FROM stage_transitions t JOIN flow_items f ON f.id = t.flow_item_id"
				+ " WHERE f.external_id LIKE 'gone%'").query(Long.class).single()).isZero();
		assertThat(jdbc.sql("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ?"
				+ " AND step_name LIKE 'archive-worker:%' AND status = 'COMPLETED'")
			.param(run.executionId())
			.query(Integer.class)
			.single()).isEqualTo(2);
		assertThat(this.workers.stream()
			.mapToLong((worker) -> worker.stderr()
				.lines()
				.filter((line) -> line.contains("Running partition archive-worker:worker"))
				.count())
			.sum()).as("partitions run in the worker JVMs").isEqualTo(2);
	}

}
