package io.flowbatch.dbmaintenance;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static io.flowbatch.testsupport.Interruptions.killWhen;
import static io.flowbatch.testsupport.Interruptions.recoverAndRestart;
import static io.flowbatch.testsupport.Interruptions.statementWaitingForLock;
import static org.assertj.core.api.Assertions.assertThat;

/** db-maintenance against the real PostgreSQL: bloated indexes, stale tables, locks held by other sessions, a kill. */
class DbMaintenanceJobTest {

	private static final AtomicInteger RERUN = new AtomicInteger();

	private static final List<String> PROBES = List.of("maint_probe_a", "maint_probe_b", "maint_probe_c");

	private static JdbcClient jdbc;

	@BeforeAll
	static void startDatabase() {
		TestServers.startDatabase();
		jdbc = JdbcClient.create(TestPostgres.get().dataSource());
	}

	@BeforeEach
	void settings() {
		System.setProperty("flowbatch.db-maintenance.min-index-bytes", "256KB");
		System.setProperty("flowbatch.db-maintenance.min-modified-rows", "100");
		System.setProperty("flowbatch.db-maintenance.lock-timeout", "500ms");
	}

	@AfterEach
	void dropProbes() {
		System.clearProperty("flowbatch.db-maintenance.min-index-bytes");
		System.clearProperty("flowbatch.db-maintenance.min-modified-rows");
		System.clearProperty("flowbatch.db-maintenance.lock-timeout");
		for (String probe : PROBES) {
			jdbc.sql("DROP TABLE IF EXISTS " + probe).update();
		}
		jdbc.sql("DROP EXTENSION IF EXISTS pgstattuple").update();
	}

	@Test
	void aBloatedIndexIsRebuiltAndItsSizeDropsWithTheCatalogEstimateAndWithPgstattuple() {
		for (boolean measured : List.of(false, true)) {
			if (measured) {
				jdbc.sql("CREATE EXTENSION pgstattuple").update();
			}
			bloatedIndex("maint_probe_a");
			long before = indexBytes("maint_probe_a_key");
			CliRun dryRun = run("level=monthly", "dryRun=true");
			assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
			assertThat(indexBytes("maint_probe_a_key")).as("a dry run changes nothing").isEqualTo(before);

			CliRun monthly = run("level=monthly");

			assertThat(monthly.exitCode()).as(monthly.toString()).isZero();
			assertThat(indexBytes("maint_probe_a_key")).isLessThan(before / 3);
			assertThat(outcome(monthly.executionId(), "maint_probe_a_key")).isEqualTo("done");
			assertThat(outcome(dryRun.executionId(), "maint_probe_a_key")).isEqualTo("dry-run");
			String status = CliRun.of("status", String.valueOf(monthly.executionId())).out();
			assertThat(status).contains(measured ? "measured with pgstattuple" : "estimated from the catalog statistics")
				.contains("done ")
				.contains("reindex maint_probe_a_key");
			// Rebuilt, it is no longer bloated: the next month leaves it alone.
			CliRun again = run("level=monthly");
			assertThat(jdbc.sql("SELECT count(*) FROM db_maintenance_actions WHERE job_execution_id = ?"
					+ " AND target = 'maint_probe_a_key'").param(again.executionId()).query(Long.class).single()).isZero();
			jdbc.sql("DROP TABLE maint_probe_a").update();
		}
	}

	@Test
	void aTableLockedByAnotherSessionIsSkippedWithAClearMessageAndDoneOnTheNextRun() throws Exception {
		staleTable("maint_probe_b");
		CliRun skipped;
		try (Connection holder = TestPostgres.get().dataSource().getConnection()) {
			holder.setAutoCommit(false);
			try (Statement statement = holder.createStatement()) {
				statement.execute("LOCK TABLE maint_probe_b IN SHARE UPDATE EXCLUSIVE MODE");
			}

			skipped = run("level=daily");

			holder.rollback();
		}
		assertThat(skipped.exitCode()).as(skipped.toString()).isZero();
		assertThat(outcome(skipped.executionId(), "maint_probe_b")).isEqualTo("skipped-locked");
		assertThat(CliRun.of("status", String.valueOf(skipped.executionId())).out())
			.contains("skipped-locked 1: analyze maint_probe_b");
		assertThat(jdbc.sql("SELECT detail FROM db_maintenance_actions WHERE job_execution_id = ? AND target = ?")
			.params(skipped.executionId(), "maint_probe_b")
			.query(String.class)
			.single()).contains("could not lock maint_probe_b within lock_timeout 500 ms")
			.contains("retried on the next run");

		CliRun next = run("level=daily");

		assertThat(next.exitCode()).as(next.toString()).isZero();
		assertThat(outcome(next.executionId(), "maint_probe_b")).isEqualTo("done");
		assertThat(jdbc.sql("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'maint_probe_b'")
			.query(Boolean.class)
			.single()).isTrue();
	}

	@Test
	void weeklyVacuumsAndVacuumFullOnlyForTheTablesItNames() throws Exception {
		staleTable("maint_probe_b");
		staleTable("maint_probe_c");

		CliRun weekly = run("level=weekly", "vacuumFull=maint_probe_c");

		assertThat(weekly.exitCode()).as(weekly.toString()).isZero();
		assertThat(actions(weekly.executionId())).containsEntry("maint_probe_b", "vacuum-analyze")
			.containsEntry("maint_probe_c", "vacuum-full");
		assertThat(actions(weekly.executionId()).values()).filteredOn("vacuum-full"::equals).hasSize(1);
		assertThat(outcome(weekly.executionId(), "maint_probe_c")).isEqualTo("done");
		assertThat(outcome(weekly.executionId(), "maint_probe_b")).isEqualTo("done");
		CliRun unknown = run("level=weekly", "vacuumFull=maint_probe_c,no_such_table");
		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(unknown.err()).contains("vacuumFull names no table").contains("no_such_table");
		CliRun badLevel = run("level=hourly");
		assertThat(badLevel.exitCode()).isEqualTo(2);
		assertThat(badLevel.err()).contains("level must be daily, weekly or monthly");
	}

	@Test
	void aKillDuringMonthlyMaintenanceResumesAtTheNextIndex() throws Exception {
		System.setProperty("flowbatch.db-maintenance.lock-timeout", "120s");
		for (String probe : PROBES) {
			bloatedIndex(probe);
		}
		CliRun plan = run("level=monthly", "dryRun=true");
		List<String> order = jdbc.sql("SELECT target FROM db_maintenance_actions WHERE job_execution_id = ? ORDER BY position")
			.param(plan.executionId())
			.query(String.class)
			.list();
		String last = order.stream().filter((target) -> target.startsWith("maint_probe_")).reduce((a, b) -> b).orElseThrow();
		int blockedAt = order.indexOf(last);
		long executionId;
		// Another session holds the last probe's table: its rebuild waits, every statement before it is recorded.
		try (Connection holder = TestPostgres.get().dataSource().getConnection()) {
			holder.setAutoCommit(false);
			try (Statement statement = holder.createStatement()) {
				statement.execute("LOCK TABLE " + last.replace("_key", "") + " IN SHARE UPDATE EXCLUSIVE MODE");
			}
			// The last probe's rebuild, by name: an earlier rebuild also waits, briefly, for any older snapshot
			// (an autovacuum ANALYZE elsewhere), and a kill then would come one statement early.
			executionId = killWhen(statementWaitingForLock("REINDEX INDEX CONCURRENTLY%" + last), "run", "db-maintenance",
					"level=monthly", "rerun=" + RERUN.incrementAndGet());
			holder.rollback();
		}
		assertThat(jdbc.sql("SELECT count(*) FROM db_maintenance_actions WHERE job_execution_id = ?")
			.param(executionId)
			.query(Long.class)
			.single()).as("statements recorded before the kill").isEqualTo(blockedAt);

		recoverAndRestart(executionId);

		assertThat(jdbc.sql("""
				SELECT read_count FROM batch_step_execution
				 WHERE step_name = 'maintain'
				   AND job_execution_id = (SELECT max(job_execution_id) FROM batch_job_execution)""")
			.query(Long.class)
			.single()).as("statements run by the restart").isEqualTo(order.size() - blockedAt);
		assertThat(jdbc.sql("""
				SELECT a.target, count(*) FROM db_maintenance_actions a
				  JOIN batch_job_execution e ON e.job_execution_id = a.job_execution_id
				 WHERE e.job_instance_id = (SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id = ?)
				   AND a.outcome = 'done'
				 GROUP BY a.target""").param(executionId).query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list())
			.hasSize(order.size())
			.allSatisfy((entry) -> assertThat(entry.getValue()).as(entry.getKey()).isEqualTo(1L));
		for (String probe : PROBES) {
			assertThat(indexBytes(probe + "_key")).as(probe).isLessThan(1_000_000);
		}
		assertThat(jdbc.sql("SELECT count(*) FROM pg_index WHERE NOT indisvalid").query(Long.class).single())
			.as("invalid indexes left by the interrupted rebuild").isZero();
	}

	/** A table whose index keeps one entry in ten after a delete and vacuum: leaves 10 % full. */
	private static void bloatedIndex(String table) {
		jdbc.sql("CREATE TABLE " + table + " (id BIGINT NOT NULL, payload TEXT) WITH (autovacuum_enabled = false)")
			.update();
		jdbc.sql("INSERT INTO " + table + " SELECT n, 'x' FROM generate_series(1, 100000) n").update();
		jdbc.sql("CREATE INDEX " + table + "_key ON " + table + " (id)").update();
		jdbc.sql("DELETE FROM " + table + " WHERE id % 10 <> 0").update();
		jdbc.sql("VACUUM ANALYZE " + table).update();
	}

	/** A table analyzed with 1,000 rows, then 500 of them updated: stale for an analyze threshold of 100 rows. */
	private static void staleTable(String table) throws SQLException, InterruptedException {
		try (Connection connection = TestPostgres.get().dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			// Autovacuum would analyze it (500 changes are over its threshold) before the job gets to.
			statement.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, n INTEGER)"
					+ " WITH (autovacuum_enabled = false)");
			statement.execute("INSERT INTO " + table + " SELECT n, 0 FROM generate_series(1, 1000) n");
			statement.execute("ANALYZE " + table);
			statement.execute("UPDATE " + table + " SET n = 1 WHERE id <= 500");
			statement.execute("SELECT pg_stat_force_next_flush()");
		}
		// The statistics reach pg_stat_user_tables when the updating session reports them.
		long deadline = System.nanoTime() + 30_000_000_000L;
		while (jdbc.sql("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = ?")
			.param(table)
			.query(Long.class)
			.single() < 500 && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
	}

	private static long indexBytes(String index) {
		return jdbc.sql("SELECT pg_relation_size(?::regclass)").param(index).query(Long.class).single();
	}

	private static String outcome(long executionId, String target) {
		return jdbc.sql("SELECT outcome FROM db_maintenance_actions WHERE job_execution_id = ? AND target = ?")
			.params(executionId, target)
			.query(String.class)
			.single();
	}

	private static Map<String, String> actions(long executionId) {
		Map<String, String> actions = new java.util.HashMap<>();
		jdbc.sql("SELECT target, action FROM db_maintenance_actions WHERE job_execution_id = ?")
			.param(executionId)
			.query((rs) -> {
				actions.put(rs.getString(1), rs.getString(2));
			});
		return actions;
	}

	private static CliRun run(String... parameters) {
		String[] args = new String[parameters.length + 3];
		args[0] = "run";
		args[1] = "db-maintenance";
		args[2] = "rerun=" + RERUN.incrementAndGet();
		System.arraycopy(parameters, 0, args, 3, parameters.length);
		return CliRun.of(args);
	}

}
