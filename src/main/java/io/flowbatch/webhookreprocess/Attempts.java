package io.flowbatch.webhookreprocess;

import io.flowbatch.sql.SqlFiles;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Records in {@code webhook_reprocess_attempts} what an execution did with a failed event, and why. */
class Attempts {

	/** What was done with the event. */
	enum Action {

		CREATED_FLOW_ITEM, RETURNED_TO_PENDING, LEFT_FAILED;

		String label() {
			return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		}

	}

	private static final String INSERT = SqlFiles.read("queries/webhook-reprocess/insert-attempt.sql");

	private final NamedParameterJdbcTemplate jdbc;

	private final long executionId;

	Attempts(NamedParameterJdbcTemplate jdbc, long executionId) {
		this.jdbc = jdbc;
		this.executionId = executionId;
	}

	void record(FailedEvent event, ErrorClass errorClass, Action action, String reason, @Nullable String flowItemId) {
		this.jdbc.update(INSERT, new MapSqlParameterSource().addValue("webhook_event_id", event.id())
			.addValue("job_execution_id", this.executionId)
			.addValue("classification", errorClass.label())
			.addValue("action", action.label())
			.addValue("reason", reason)
			.addValue("error_message", event.errorMessage())
			.addValue("flow_item_id", flowItemId));
	}

}
