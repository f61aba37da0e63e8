package io.flowbatch.webhookreprocess;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.flowbatch.devtools.generate.GenerationOptions;
import io.flowbatch.devtools.generate.WorkloadGenerator;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static io.flowbatch.testsupport.Interruptions.killWhen;
import static io.flowbatch.testsupport.Interruptions.recoverAndRestart;
import static io.flowbatch.testsupport.Interruptions.statementWaitingForLock;
import static org.assertj.core.api.Assertions.assertThat;

/** webhook-reprocess on failed events of each kind in the real PostgreSQL, with the generator's teams. */
class WebhookReprocessJobTest {

	private static final AtomicInteger RERUN = new AtomicInteger();

	private static JdbcClient jdbc;

	@BeforeAll
	static void startDatabase() {
		TestServers.startDatabase();
		jdbc = JdbcClient.create(TestPostgres.get().dataSource());
	}

	@BeforeEach
	void generateTeamsAndItems() {
		jdbc.sql("TRUNCATE teams, flow_items, stage_transitions, stage_metrics, webhook_events,"
				+ " webhook_reprocess_attempts RESTART IDENTITY CASCADE").update();
		// team-01 Checkout (CHK, GitHub acme/checkout-service), team-02 Payments (PAY, GitHub), team-03 Search (SRCH,
		// GitLab acme/search-service).
		new WorkloadGenerator(TestPostgres.get().dataSource())
			.generate(new GenerationOptions(3, 50, 0, 30, 5, Instant.now()));
	}

	@Test
	void failedEventsOfEachKindAreReprocessedAsTheRunbookSaysAndTheCountsMatch() {
		long gitHubMissing = failed("github", """
				{"action": "opened", "pull_request": {"title": "s99-CHK-501 Retry the card authorisation"},
				 "repository": {"full_name": "acme/checkout-service"}}""", "no flow item matches issue key s99-CHK-501", 1);
		long gitLabMissing = failed("gitlab", """
				{"object_kind": "push", "ref": "refs/heads/main",
				 "commits": [{"message": "s99-SRCH-7 Add the synonym index"}],
				 "project": {"path_with_namespace": "acme/search-service"}}""", "Flow item not found", 2);
		long jiraMissing = failed("jira", """
				{"webhookEvent": "jira:issue_updated", "issue": {"key": "s99-PAY-12",
				 "fields": {"summary": "Refunds booked twice", "issuetype": {"name": "Bug"}}}}""", "Flow item not found", 3);
		String existing = jdbc.sql("SELECT external_id FROM flow_items WHERE team_id = 'team-02' ORDER BY 1 LIMIT 1")
			.query(String.class)
			.single();
		long jiraExisting = failed("jira", "{\"issue\": {\"key\": \"" + existing + "\", \"fields\": {}}}",
				"Flow item not found", 4);
		long transient_ = failed("github", "{}", "timeout after 30000 ms while updating flow item s5-CHK-1", 5);
		long invalid = failed("github", "{}", "payload validation failed: missing field 'repository.full_name'", 6);
		long unrecognised = failed("jira", "{}", "NullPointerException in handler", 7);
		long jenkins = failed("jenkins", "{\"name\": \"checkout-service\"}", "Flow item not found", 8);
		long noTeam = failed("github", """
				{"pull_request": {"title": "s99-XYZ-1 Something"}, "repository": {"full_name": "acme/unknown"}}""",
				"Flow item not found", 9);
		long tooOld = failed("github", "{}", "timeout after 30000 ms", 30);
		long exhausted = failed("github", "{}", "deadlock detected", 10);
		for (int i = 0; i < 3; i++) {
			jdbc.sql("""
					INSERT INTO webhook_reprocess_attempts (webhook_event_id, job_execution_id, classification, action,
					                                        reason, attempted_at)
					VALUES (?, ?, 'transient', 'returned-to-pending', 'earlier run', now())""")
				.params(exhausted, -1 - i)
				.update();
		}

		CliRun run = CliRun.of("run", "webhook-reprocess", "rerun=" + RERUN.incrementAndGet());

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.out()).containsPattern("reprocess\\s+COMPLETED\\s+10\\s+5\\s+0\\s+5");
		assertThat(statuses()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(Map.entry(gitHubMissing, "pending"),
				Map.entry(gitLabMissing, "pending"), Map.entry(jiraMissing, "pending"), Map.entry(jiraExisting, "pending"),
				Map.entry(transient_, "pending"), Map.entry(invalid, "failed"), Map.entry(unrecognised, "failed"),
				Map.entry(jenkins, "failed"), Map.entry(noTeam, "failed"), Map.entry(tooOld, "failed"),
				Map.entry(exhausted, "failed")));
		assertThat(jdbc.sql("""
				SELECT external_id, team_id, item_type, title, current_stage, status FROM flow_items
				 WHERE metadata ->> 'created_by' = 'flowbatch webhook-reprocess' ORDER BY external_id""")
			.query()
			.listOfRows()).containsExactly(
					row("s99-CHK-501", "team-01", "feature", "Retry the card authorisation"),
					row("s99-PAY-12", "team-02", "defect", "Refunds booked twice"),
					row("s99-SRCH-7", "team-03", "feature", "s99-SRCH-7"));
		assertThat(jdbc.sql("SELECT count(*) FROM webhook_events WHERE processing_status = 'pending'"
				+ " AND error_message IS NOT NULL").query(Long.class).single()).isZero();
		Map<Long, String> actions = actions(run.executionId());
		assertThat(actions).containsEntry(gitHubMissing, "created-flow-item")
			.containsEntry(jiraExisting, "returned-to-pending")
			.containsEntry(transient_, "returned-to-pending")
			.containsEntry(invalid, "left-failed")
			.containsEntry(exhausted, "left-failed")
			.hasSize(10);
		String status = CliRun.of("status", String.valueOf(run.executionId())).out();
		assertThat(status).contains("created-flow-item 3, returned-to-pending 2, left-failed 5")
			.contains("gave up: returned to pending 3 times already")
			.contains("no flow item mapping for source 'jenkins'")
			.contains("no team is configured for repository acme/unknown");

		// The next run finds only what was left failed, and leaves it failed again; nothing is created twice.
		CliRun again = CliRun.of("run", "webhook-reprocess", "rerun=" + RERUN.incrementAndGet());
		assertThat(again.out()).containsPattern("reprocess\\s+COMPLETED\\s+5\\s+0\\s+0\\s+5");
		assertThat(jdbc.sql("SELECT count(*) FROM flow_items WHERE metadata ->> 'created_by' = 'flowbatch webhook-reprocess'")
			.query(Long.class)
			.single()).isEqualTo(3);
	}

	@Test
	void limitAndHoursBoundTheRun() {
		for (int i = 0; i < 5; i++) {
			failed("github", "{}", "timeout after 30000 ms", 1 + i);
		}

		CliRun run = CliRun.of("run", "webhook-reprocess", "hours=4", "limit=2", "rerun=" + RERUN.incrementAndGet());

		assertThat(run.out()).containsPattern("reprocess\\s+COMPLETED\\s+2\\s+2\\s+0\\s+0");
		assertThat(jdbc.sql("SELECT id FROM webhook_events WHERE processing_status = 'pending' ORDER BY id")
			.query(Long.class)
			.list()).hasSize(2);
	}

	@Test
	void aRunKilledWhileReturningEventsResumesAfterTheLastCommittedChunkAndHandlesEachEventOnce() throws Exception {
		for (int i = 0; i < 30; i++) {
			failed((i % 2 == 0) ? "jira" : "github", (i % 2 == 0)
					? "{\"issue\": {\"key\": \"s98-CHK-" + i + "\", \"fields\": {\"issuetype\": {\"name\": \"Story\"}}}}"
					: "{}", (i % 2 == 0) ? "Flow item not found" : "could not serialize access", 1);
		}
		long blocked = jdbc.sql("SELECT id FROM webhook_events ORDER BY id OFFSET 24 LIMIT 1").query(Long.class).single();
		long executionId;
		// Another session holds event 25's row: the second chunk waits on it, after the first (20 events) committed.
		try (var connection = TestPostgres.get().dataSource().getConnection()) {
			connection.setAutoCommit(false);
			try (var lock = connection.prepareStatement("SELECT id FROM webhook_events WHERE id = ? FOR UPDATE")) {
				lock.setLong(1, blocked);
				lock.executeQuery();
			}
			executionId = killWhen(statementWaitingForLock("UPDATE webhook_events"), "run", "webhook-reprocess",
					"rerun=" + RERUN.incrementAndGet());
			connection.rollback();
		}

		recoverAndRestart(executionId);

		assertThat(jdbc.sql("SELECT count(*) FROM webhook_events WHERE processing_status = 'pending'")
			.query(Long.class)
			.single()).isEqualTo(30);
		assertThat(jdbc.sql("SELECT count(*), count(DISTINCT webhook_event_id) FROM webhook_reprocess_attempts")
			.query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2)))
			.single()).containsExactly(30L, 30L);
		assertThat(jdbc.sql("SELECT count(*) FROM flow_items WHERE external_id LIKE 's98-CHK-%'")
			.query(Long.class)
			.single()).isEqualTo(15);
		assertThat(jdbc.sql("""
				SELECT read_count FROM batch_step_execution
				 WHERE step_name = 'reprocess'
				   AND job_execution_id = (SELECT max(job_execution_id) FROM batch_job_execution)""")
			.query(Long.class)
			.single()).as("events read by the restart").isEqualTo(10);
	}

	private static Map<String, Object> row(String externalId, String team, String type, String title) {
		return Map.of("external_id", externalId, "team_id", team, "item_type", type, "title", title, "current_stage",
				"backlog", "status", "in_progress");
	}

	private static long failed(String source, String payload, String error, int hoursAgo) {
		return jdbc.sql("""
				INSERT INTO webhook_events (source, event_type, delivery_id, payload, processing_status, error_message,
				                            received_at)
				VALUES (?, 'push', ?, ?::jsonb, 'failed', ?, ?) RETURNING id""")
			.params(source, UUID.randomUUID().toString(), payload, error,
					LocalDateTime.now(ZoneOffset.UTC).minusHours(hoursAgo))
			.query(Long.class)
			.single();
	}

	private static Map<Long, String> statuses() {
		Map<Long, String> statuses = new java.util.HashMap<>();
		jdbc.sql("SELECT id, processing_status FROM webhook_events")
			.query((rs) -> {
				statuses.put(rs.getLong(1), rs.getString(2));
			});
		return statuses;
	}

	private static Map<Long, String> actions(long executionId) {
		Map<Long, String> actions = new java.util.HashMap<>();
		jdbc.sql("SELECT webhook_event_id, action FROM webhook_reprocess_attempts WHERE job_execution_id = ?")
			.param(executionId)
			.query((rs) -> {
				actions.put(rs.getLong(1), rs.getString(2));
			});
		return actions;
	}

}
