package io.flowbatch.audit;

import java.time.OffsetDateTime;
import java.util.List;

import io.flowbatch.sql.SqlFiles;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code operator_actions} table: who ran, restarted, stopped, abandoned or recovered an execution, and why. */
@Component
public class OperatorActions {

	private static final String RECORD = SqlFiles.read("queries/audit/record-operator-action.sql");

	private static final String OF_INSTANCE = SqlFiles.read("queries/audit/operator-actions-of-instance.sql");

	private final JdbcClient jdbc;

	public OperatorActions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void record(long executionId, String jobName, OperatorAction.Kind action, Actor actor,
			@Nullable String reason) {
		this.jdbc.sql(RECORD)
			.param("executionId", executionId)
			.param("jobName", jobName)
			.param("action", action.verb())
			.param("actor", actor.name())
			.param("host", actor.host())
			.param("version", actor.version())
			.param("reason", reason)
			.update();
	}

	/** Every action on any execution of the job instance, oldest first: the instance's whole story. */
	public List<OperatorAction> ofInstance(long jobInstanceId) {
		return this.jdbc.sql(OF_INSTANCE)
			.param("jobInstanceId", jobInstanceId)
			.query((row, n) -> new OperatorAction(row.getLong("job_execution_id"), row.getString("action"),
					row.getObject("acted_at", OffsetDateTime.class), row.getString("actor"), row.getString("host"),
					row.getString("flowbatch_version"), row.getString("reason")))
			.list();
	}

}
