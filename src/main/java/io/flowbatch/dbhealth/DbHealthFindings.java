package io.flowbatch.dbhealth;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.flowbatch.sql.SqlFiles;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads what db-health recorded: for its report step and for {@code flowbatch report db-health}. */
@Component
public class DbHealthFindings {

	private static final String OF_INSTANCE = SqlFiles.read("queries/db-health/findings-of-instance.sql");

	private static final String LATEST_INSTANCE = SqlFiles.read("queries/db-health/latest-instance.sql");

	/** One finding as recorded. */
	public record Row(String section, String subject, @Nullable Double value, String detail, LocalDateTime recordedAt,
			long executionId) {
	}

	private final NamedParameterJdbcTemplate jdbc;

	public DbHealthFindings(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The findings of the latest instance that recorded any; empty when db-health never ran. */
	public Optional<List<Row>> latest() {
		return this.jdbc.queryForList(LATEST_INSTANCE, Map.of(), Long.class).stream().findFirst().map(this::ofInstance);
	}

	List<Row> ofInstance(long jobInstanceId) {
		return this.jdbc.query(OF_INSTANCE, Map.of("job_instance_id", jobInstanceId), (row, n) -> {
			double value = row.getDouble("value");
			return new Row(row.getString("section"), row.getString("subject"), row.wasNull() ? null : value,
					row.getString("detail"), row.getTimestamp("recorded_at").toLocalDateTime(),
					row.getLong("job_execution_id"));
		});
	}

}
