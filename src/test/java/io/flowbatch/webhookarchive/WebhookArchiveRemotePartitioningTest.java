package io.flowbatch.webhookarchive;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * webhook-archive with {@code flowbatch.partitioning=remote} over the real RabbitMQ broker (127.0.0.1:5672), the
 * partitions run by {@code flowbatch worker} JVMs: the end state is the one a local run leaves, also when a worker is
 * killed mid-partition (the manager's step fails at its timeout, {@code restart} completes it). Each test has a queue of
 * its own, so that concurrent test runs sharing the broker do not take each other's requests.
 */
class WebhookArchiveRemotePartitioningTest {

	/** Each test a job instance of its own. */
	private static final AtomicInteger CUTOFF_DAYS_AGO = new AtomicInteger(30);

	private final WebhookEventsFixture events = new WebhookEventsFixture();

	private final List<ChildFlowbatch> workers = new ArrayList<>();

	private String prefix;

	private LocalDate before;

	private List<Map<String, Object>> expectedArchived;

	private long expectedRemaining;

	@BeforeAll
	static void startServers() {
		TestServers.startDatabaseAndS3();
	}

	@BeforeEach
	void loadEventsAndUseAQueueOfOurOwn() {
		this.events.clear();
		this.prefix = "remote-" + UUID.randomUUID();
		System.setProperty("flowbatch.s3.prefix", this.prefix);
		System.setProperty("flowbatch.partitioning", "remote");
		System.setProperty("flowbatch.remote-partitioning.queue", "flowbatch-test-" + UUID.randomUUID());
		System.setProperty("flowbatch.remote-partitioning.poll-interval", "500ms");
		this.events.insertSpread(List.of("github", "gitlab", "jira"), 100, 80, 4);
		this.before = LocalDate.now(ZoneOffset.UTC).minusDays(CUTOFF_DAYS_AGO.getAndIncrement());
		this.expectedArchived = this.events.rows("WHERE received_at < '" + this.before + "'");
		this.expectedRemaining = this.events.count() - this.expectedArchived.size();
	}

	@AfterEach
	void stopWorkersAndRestore() throws Exception {
		for (ChildFlowbatch worker : this.workers) {
			worker.close();
		}
		TestS3.get().faults().reset();
		for (String name : List.of("flowbatch.s3.prefix", "flowbatch.partitioning", "flowbatch.remote-partitioning.queue",
				"flowbatch.remote-partitioning.poll-interval", "flowbatch.remote-partitioning.timeout",
				"flowbatch.archive.workers")) {
			System.clearProperty(name);
		}
	}

	@Test
	void threeWorkerJvmsArchiveWhatALocalRunArchives() throws Exception {
		System.setProperty("flowbatch.archive.workers", "3");
		for (int worker = 0; worker < 3; worker++) {
			startWorker();
		}

		CliRun run = CliRun.of("run", "webhook-archive", "before=" + this.before);

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertEndStateOfALocalRun();
		assertThat(partitionsRunByWorkers(run.executionId())).isEqualTo(3);
		assertThat(this.workers.stream().mapToLong((worker) -> worker.stderr().lines()
			.filter((line) -> line.contains("Running partition archive-worker:worker"))
			.count()).sum()).as("partitions run in the worker JVMs").isEqualTo(3);
	}

	@Test
	void aWorkerKilledMidPartitionFailsTheStepAtTheTimeoutAndRestartCompletesIt() throws Exception {
		System.setProperty("flowbatch.archive.workers", "2");
		System.setProperty("flowbatch.remote-partitioning.timeout", "20s");
		FaultyBlobStore.Pause upload = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.PARQUET_WRITE);
		ChildFlowbatch doomed = startWorker();
		try (ChildFlowbatch manager = ChildFlowbatch.start("run", "webhook-archive", "before=" + this.before)) {
			long executionId = manager.awaitExecutionId();
			upload.awaitReached(Duration.ofSeconds(60));
			doomed.kill();
			TestS3.get().faults().reset();
			// The survivor refuses the dead worker's redelivered partition (already STARTED) and runs the other.
			startWorker();

			assertThat(manager.awaitExit(Duration.ofSeconds(120))).as(manager.stderr()).isEqualTo(1);
			assertThat(status(executionId)).isEqualTo("FAILED");

			CliRun restarted = CliRun.of("restart", String.valueOf(executionId));
			assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		}
		assertEndStateOfALocalRun();
	}

	@Test
	void aBrokerRestartedMidRunLosesNoRequestAndTheRunCompletes() throws Exception {
		System.setProperty("flowbatch.archive.workers", "3");
		FaultyBlobStore.Pause upload = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.PARQUET_WRITE);
		startWorker();
		startWorker();
		try (ChildFlowbatch manager = ChildFlowbatch.start("run", "webhook-archive", "before=" + this.before)) {
			manager.awaitExecutionId();
			upload.awaitReached(Duration.ofSeconds(60));
			// The requests not yet taken are durable and persistent; the ones in progress are redelivered after the
			// restart and refused (already started) while their workers, reconnected, finish them.
			rabbitmqctl("stop_app");
			rabbitmqctl("start_app");
			TestS3.get().faults().reset();

			assertThat(manager.awaitExit(Duration.ofSeconds(180))).as(manager.stderr()).isZero();
		}
		assertEndStateOfALocalRun();
	}

	private static void rabbitmqctl(String command) throws Exception {
		Process process = new ProcessBuilder("rabbitmqctl", "-q", command).inheritIO().start();
		assertThat(process.waitFor()).as("rabbitmqctl " + command).isZero();
	}

	@Test
	void aWorkerRefusesMalformedRequestsAndRequestsForJobsOrStepsItDoesNotKnow() throws Exception {
		ChildFlowbatch worker = startWorker();
		worker.awaitLog("Connected to the broker", Duration.ofSeconds(60));
		String queue = System.getProperty("flowbatch.remote-partitioning.queue");
		CachingConnectionFactory broker = new CachingConnectionFactory("127.0.0.1", 5672);
		try {
			RabbitTemplate rabbit = new RabbitTemplate(broker);
			rabbit.send("", queue, request("no-such-job", "archive-worker", "1"));
			rabbit.send("", queue, request("webhook-archive", "no-such-step", "1"));
			rabbit.send("", queue, request("webhook-archive", "archive-worker", "not a number"));
			rabbit.send("", queue, request("webhook-archive", "archive-worker", "999999999"));

			for (int refused = 0; refused < 4; refused++) {
				assertThat(rabbit.receive(queue + ".refused", 30_000)).as("refused request " + refused).isNotNull();
			}
		}
		finally {
			broker.destroy();
		}
		assertThat(worker.stderr()).contains("Refused partition request (dead-lettered): unknown job or step: job 'no-such-job'")
			.contains("unknown job or step: job 'webhook-archive', step 'no-such-step'")
			.contains("malformed partition request: body is not a step execution id")
			.contains("no step execution 999999999")
			.doesNotContain("Running partition");
		assertThat(this.events.count()).isEqualTo(this.expectedArchived.size() + this.expectedRemaining);
	}

	@Test
	void aWorkerThatCannotReachTheBrokerExitsWithSeven() {
		System.setProperty("spring.rabbitmq.port", "1");
		try {
			CliRun worker = CliRun.of("worker");
			assertThat(worker.exitCode()).as(worker.toString()).isEqualTo(7);
			assertThat(worker.err()).contains("cannot reach the RabbitMQ broker");
		}
		finally {
			System.clearProperty("spring.rabbitmq.port");
		}
	}

	@Test
	void aWorkerThatCannotReachPostgresqlExitsWithThree() {
		String url = System.getProperty("spring.datasource.url");
		System.setProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/flowbatch");
		try {
			CliRun worker = CliRun.of("worker");
			assertThat(worker.exitCode()).as(worker.toString()).isEqualTo(3);
			assertThat(worker.err()).startsWith("flowbatch: database unreachable at jdbc:postgresql://127.0.0.1:1/");
		}
		finally {
			System.setProperty("spring.datasource.url", url);
		}
	}

	private static Message request(String job, String step, String body) {
		return MessageBuilder.withBody(body.getBytes(StandardCharsets.US_ASCII))
			.setHeader("flowbatch-job", job)
			.setHeader("flowbatch-step", step)
			.build();
	}

	private ChildFlowbatch startWorker() throws Exception {
		ChildFlowbatch worker = ChildFlowbatch.start("worker");
		this.workers.add(worker);
		return worker;
	}

	private static String status(long executionId) {
		return JdbcClient.create(TestPostgres.get().dataSource())
			.sql("SELECT status FROM batch_job_execution WHERE job_execution_id = ?")
			.param(executionId)
			.query(String.class)
			.single();
	}

	private static int partitionsRunByWorkers(long executionId) {
		return JdbcClient.create(TestPostgres.get().dataSource())
			.sql("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ? AND step_name LIKE 'archive-worker:%'"
					+ " AND status = 'COMPLETED'")
			.param(executionId)
			.query(Integer.class)
			.single();
	}

	private void assertEndStateOfALocalRun() {
		assertThat(this.events.rows("WHERE received_at < '" + this.before + "'")).isEmpty();
		assertThat(this.events.count()).isEqualTo(this.expectedRemaining);
		assertThat(ArchiveReader.query(ArchiveReader.download(this.prefix), "webhook_events",
				WebhookEventsFixture.ARCHIVED_ROWS))
			.isEqualTo(this.expectedArchived);
		List<Map<String, Object>> manifest = this.events.manifest();
		assertThat(manifest)
			.allSatisfy((object) -> assertThat(object.get("rows_deleted")).isEqualTo(object.get("row_count")));
		assertThat(manifest.stream().mapToLong((object) -> (Long) object.get("row_count")).sum())
			.isEqualTo(this.expectedArchived.size());
		assertThat(ArchiveReader.keys(this.prefix + "/webhook_events/source=")).hasSameSizeAs(manifest);
	}

}
