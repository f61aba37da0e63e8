package io.flowbatch.dbmaintenance;

import io.flowbatch.sql.SqlFiles;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Records each statement's outcome in {@code db_maintenance_actions}, in the chunk's transaction. */
class OutcomeWriter implements ItemWriter<ActionOutcome> {

	private static final String INSERT = SqlFiles.read("queries/db-maintenance/insert-action.sql");

	private final NamedParameterJdbcTemplate jdbc;

	private final long executionId;

	OutcomeWriter(NamedParameterJdbcTemplate jdbc, long executionId) {
		this.jdbc = jdbc;
		this.executionId = executionId;
	}

	@Override
	public void write(Chunk<? extends ActionOutcome> outcomes) {
		for (ActionOutcome outcome : outcomes) {
			this.jdbc.update(INSERT, new MapSqlParameterSource().addValue("job_execution_id", this.executionId)
				.addValue("position", outcome.action().position())
				.addValue("action", outcome.action().kind().label())
				.addValue("target", outcome.action().target())
				.addValue("outcome", outcome.result().label())
				.addValue("detail", outcome.detail())
				.addValue("bytes_before", outcome.bytesBefore(), java.sql.Types.BIGINT)
				.addValue("bytes_after", outcome.bytesAfter(), java.sql.Types.BIGINT)
				.addValue("seconds", outcome.seconds()));
		}
	}

}
