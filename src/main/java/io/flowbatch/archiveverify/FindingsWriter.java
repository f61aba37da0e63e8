package io.flowbatch.archiveverify;

import io.flowbatch.sql.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Records each finding in {@code archive_verify_findings} (in the chunk's transaction) and logs it. */
class FindingsWriter implements ItemWriter<Finding> {

	private static final Logger logger = LoggerFactory.getLogger(FindingsWriter.class);

	private static final String INSERT = SqlFiles.read("queries/archive-verify/insert-finding.sql");

	private final NamedParameterJdbcTemplate jdbc;

	private final long executionId;

	FindingsWriter(NamedParameterJdbcTemplate jdbc, long executionId) {
		this.jdbc = jdbc;
		this.executionId = executionId;
	}

	@Override
	public void write(Chunk<? extends Finding> findings) {
		for (Finding finding : findings) {
			logger.error("Archive object {}", finding);
			this.jdbc.update(INSERT, new MapSqlParameterSource().addValue("job_execution_id", this.executionId)
				.addValue("object_key", finding.key())
				.addValue("problem", finding.problem().name())
				.addValue("detail", finding.detail()));
		}
	}

}
