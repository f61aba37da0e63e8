package io.flowbatch.console;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.flowbatch.cli.HistoryQuery;
import io.flowbatch.sql.SqlFiles;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the console's pages read: sql/queries/console, and the CLI's own queries where it shows the same (history,
 * operator actions); rows keyed by column label.
 */
final class ConsoleQueries {

	private static final String HISTORY = "queries/history.sql";

	private static final String OPERATOR_ACTIONS = "queries/audit/operator-actions-of-instance.sql";

	private final JdbcClient jdbc;

	private final Map<String, String> sql = new HashMap<>();

	ConsoleQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Exactly what {@code flowbatch history} lists for the same filters. */
	List<Map<String, Object>> history(HistoryQuery query) {
		return this.jdbc.sql(sql(HISTORY))
			.param("since", query.since())
			.param("job", query.job())
			.param("status", query.status())
			.param("limit", query.limit())
			.query()
			.listOfRows();
	}

	List<String> jobNames() {
		return this.jdbc.sql(sql("queries/console/job-names.sql")).query(String.class).list();
	}

	Optional<Map<String, Object>> execution(long executionId) {
		return rows("execution", Map.of("executionId", executionId)).stream().findFirst();
	}

	List<Map<String, Object>> parameters(long executionId) {
		return rows("execution-parameters", Map.of("executionId", executionId));
	}

	List<Map<String, Object>> steps(long executionId) {
		return rows("steps", Map.of("executionId", executionId));
	}

	List<Map<String, Object>> instanceExecutions(long instanceId) {
		return rows("instance-executions", Map.of("instanceId", instanceId));
	}

	/** What {@code flowbatch status} shows: every operator action on the instance's executions, oldest first. */
	List<Map<String, Object>> operatorActions(long instanceId) {
		return this.jdbc.sql(sql(OPERATOR_ACTIONS)).param("jobInstanceId", instanceId).query().listOfRows();
	}

	/** Per archiving execution, newest first; one execution's when {@code executionId} is given. */
	List<Map<String, Object>> archiveRuns(@Nullable Long executionId, int limit) {
		return rows("archive-runs", optionalExecution(executionId, limit));
	}

	List<Map<String, Object>> archiveObjects(long executionId, int limit) {
		return rows("archive-objects", Map.of("executionId", executionId, "limit", limit));
	}

	List<Map<String, Object>> heldBack(long executionId, int limit) {
		return rows("held-back", Map.of("executionId", executionId, "limit", limit));
	}

	List<Map<String, Object>> verifyFindings(long executionId) {
		return rows("verify-findings", Map.of("executionId", executionId));
	}

	List<Map<String, Object>> backupVerifications(@Nullable Long executionId, int limit) {
		return rows("backup-verifications", optionalExecution(executionId, limit));
	}

	List<Map<String, Object>> restoreTests(@Nullable Long executionId, int limit) {
		return rows("restore-tests", optionalExecution(executionId, limit));
	}

	List<Map<String, Object>> pitrTests(@Nullable Long executionId, int limit) {
		return rows("pitr-tests", optionalExecution(executionId, limit));
	}

	private static Map<String, Object> optionalExecution(@Nullable Long executionId, int limit) {
		Map<String, Object> params = new HashMap<>();
		params.put("executionId", executionId);
		params.put("limit", limit);
		return params;
	}

	private List<Map<String, Object>> rows(String query, Map<String, ?> params) {
		return this.jdbc.sql(sql("queries/console/" + query + ".sql")).params(params).query().listOfRows();
	}

	private String sql(String path) {
		synchronized (this.sql) {
			return this.sql.computeIfAbsent(path, SqlFiles::read);
		}
	}

}
