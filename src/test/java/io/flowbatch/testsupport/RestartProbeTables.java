package io.flowbatch.testsupport;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/** What the test-only restart-probe job wrote, and the batch metadata about it, read straight from PostgreSQL. */
public final class RestartProbeTables {

	private RestartProbeTables() {
	}

	public static JdbcClient jdbc() {
		return JdbcClient.create(TestPostgres.get().dataSource());
	}

	/** A fresh value for the probe's identifying {@code run} parameter: a job instance of the test's own. */
	public static String uniqueRun() {
		return UUID.randomUUID().toString();
	}

	public static void poison(String run, long item) {
		jdbc().sql("INSERT INTO restart_probe_poison VALUES (?, ?)").params(run, item).update();
	}

	public static void curePoison(String run) {
		jdbc().sql("DELETE FROM restart_probe_poison WHERE run = ?").param(run).update();
	}

	public static int outputRows(String run) {
		return jdbc().sql("SELECT count(*) FROM restart_probe_output WHERE run = ?")
			.param(run)
			.query(Integer.class)
			.single();
	}

	public static int distinctOutputItems(String run) {
		return jdbc().sql("SELECT count(DISTINCT item) FROM restart_probe_output WHERE run = ?")
			.param(run)
			.query(Integer.class)
			.single();
	}

	public static int outputRowsWrittenBy(String run, long executionId) {
		return jdbc().sql("SELECT count(*) FROM restart_probe_output WHERE run = ? AND execution_id = ?")
			.params(run, executionId)
			.query(Integer.class)
			.single();
	}

	public static long firstItemWrittenBy(String run, long executionId) {
		return jdbc().sql("SELECT min(item) FROM restart_probe_output WHERE run = ? AND execution_id = ?")
			.params(run, executionId)
			.query(Long.class)
			.single();
	}

	public static String statusOf(long executionId) {
		return jdbc().sql("SELECT status FROM batch_job_execution WHERE job_execution_id = ?")
			.param(executionId)
			.query(String.class)
			.single();
	}

	public static long executionCount() {
		return jdbc().sql("SELECT count(*) FROM batch_job_execution").query(Long.class).single();
	}

}
