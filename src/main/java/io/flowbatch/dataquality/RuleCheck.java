package io.flowbatch.dataquality;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.flowbatch.sql.SqlFiles;

import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Runs one rule's query (read-only) and returns what it found; zero findings are a result too. */
class RuleCheck implements ItemProcessor<Rule, RuleFinding> {

	private final NamedParameterJdbcTemplate jdbc;

	private final MapSqlParameterSource parameters;

	RuleCheck(NamedParameterJdbcTemplate jdbc, DataQualityProperties properties, long pendingHours) {
		this.jdbc = jdbc;
		this.parameters = new MapSqlParameterSource().addValue("known_types", properties.knownItemTypes())
			.addValue("samples", properties.samples())
			.addValue("pending_before",
					Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC).minus(Duration.ofHours(pendingHours))));
	}

	@Override
	public RuleFinding process(Rule rule) {
		return this.jdbc.queryForObject(SqlFiles.read(rule.sqlFile()), this.parameters,
				(row, n) -> new RuleFinding(rule, row.getLong("finding_count"),
						List.of((String[]) row.getArray("sample_ids").getArray())));
	}

}
