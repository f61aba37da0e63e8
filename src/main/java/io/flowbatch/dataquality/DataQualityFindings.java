package io.flowbatch.dataquality;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.flowbatch.sql.SqlFiles;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads what data-quality recorded: for its report step and for {@code flowbatch report data-quality}. */
@Component
public class DataQualityFindings {

	private static final String OF_INSTANCE = SqlFiles.read("queries/data-quality/findings-of-instance.sql");

	private static final String LATEST_INSTANCE = SqlFiles.read("queries/data-quality/latest-instance.sql");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * One rule's result in one job instance.
	 * @param previous what the latest earlier instance found, null when none checked the rule
	 */
	public record RuleCount(String rule, String description, long findings, @Nullable Long previous,
			List<String> sampleIds, LocalDateTime checkedAt, long executionId) {

		/** How many more than the earlier instance found (0 without one). */
		public long growth() {
			return (this.previous != null) ? this.findings - this.previous : 0;
		}

	}

	private final NamedParameterJdbcTemplate jdbc;

	public DataQualityFindings(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The findings of the latest instance that recorded any; empty when data-quality never ran. */
	public Optional<List<RuleCount>> latest() {
		return this.jdbc.queryForList(LATEST_INSTANCE, Map.of(), Long.class).stream().findFirst().map(this::ofInstance);
	}

	List<RuleCount> ofInstance(long jobInstanceId) {
		return this.jdbc.query(OF_INSTANCE, Map.of("job_instance_id", jobInstanceId), (row, n) -> {
			Rule rule = Rule.fromLabel(row.getString("rule"));
			long previous = row.getLong("previous_count");
			return new RuleCount(rule.label(), rule.description(), row.getLong("finding_count"),
					row.wasNull() ? null : previous,
					JSON.readValue(row.getString("sample_ids"), new TypeReference<List<String>>() {
					}), row.getTimestamp("checked_at").toLocalDateTime(), row.getLong("job_execution_id"));
		});
	}

}
