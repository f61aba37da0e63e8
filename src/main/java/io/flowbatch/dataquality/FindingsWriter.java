package io.flowbatch.dataquality;

import io.flowbatch.sql.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Records each rule's count and sample ids in {@code data_quality_findings} (in the chunk's transaction). */
class FindingsWriter implements ItemWriter<RuleFinding> {

	private static final Logger logger = LoggerFactory.getLogger(FindingsWriter.class);

	private static final String INSERT = SqlFiles.read("queries/data-quality/insert-finding.sql");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final NamedParameterJdbcTemplate jdbc;

	private final long executionId;

	FindingsWriter(NamedParameterJdbcTemplate jdbc, long executionId) {
		this.jdbc = jdbc;
		this.executionId = executionId;
	}

	@Override
	public void write(Chunk<? extends RuleFinding> findings) {
		for (RuleFinding finding : findings) {
			if (finding.count() > 0) {
				logger.warn("{}: {} {}, e.g. {}", finding.rule().label(), finding.count(), finding.rule().description(),
						finding.sampleIds());
			}
			this.jdbc.update(INSERT, new MapSqlParameterSource().addValue("job_execution_id", this.executionId)
				.addValue("rule", finding.rule().label())
				.addValue("finding_count", finding.count())
				.addValue("sample_ids", JSON.writeValueAsString(finding.sampleIds())));
		}
	}

}
