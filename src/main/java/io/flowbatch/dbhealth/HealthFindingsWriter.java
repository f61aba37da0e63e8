package io.flowbatch.dbhealth;

import java.util.List;

import io.flowbatch.sql.SqlFiles;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Records a section's findings in {@code db_health_findings}, in the chunk's transaction. */
class HealthFindingsWriter implements ItemWriter<List<HealthFinding>> {

	private static final String INSERT = SqlFiles.read("queries/db-health/insert-finding.sql");

	private final NamedParameterJdbcTemplate jdbc;

	private final long executionId;

	HealthFindingsWriter(NamedParameterJdbcTemplate jdbc, long executionId) {
		this.jdbc = jdbc;
		this.executionId = executionId;
	}

	@Override
	public void write(Chunk<? extends List<HealthFinding>> sections) {
		for (List<HealthFinding> findings : sections) {
			for (HealthFinding finding : findings) {
				this.jdbc.update(INSERT, new MapSqlParameterSource().addValue("job_execution_id", this.executionId)
					.addValue("section", finding.section().label())
					.addValue("subject", finding.subject())
					.addValue("value", finding.value(), java.sql.Types.DOUBLE)
					.addValue("detail", finding.detail()));
			}
		}
	}

}
