package io.flowbatch.dailymetrics;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.Map;

import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.sql.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Recomputes a chunk of consecutive days with two set-based statements inside the chunk's transaction: the team rows
 * ({@code upsert-days.sql}) and the stage rows ({@code upsert-stage-days.sql}). PostgreSQL aggregates the transitions,
 * the JVM sends only the day range.
 */
class DailyMetricsWriter implements ItemWriter<LocalDate> {

	private static final Logger logger = LoggerFactory.getLogger(DailyMetricsWriter.class);

	static final String UPSERT_DAYS = SqlFiles.read("queries/daily-metrics/upsert-days.sql");

	static final String UPSERT_STAGE_DAYS = SqlFiles.read("queries/daily-metrics/upsert-stage-days.sql");

	private final JdbcClient jdbc;

	private final String zone;

	private final long executionId;

	private final JobMetrics metrics;

	DailyMetricsWriter(JdbcClient jdbc, String zone, long executionId, JobMetrics metrics) {
		this.jdbc = jdbc;
		this.zone = zone;
		this.executionId = executionId;
		this.metrics = metrics;
	}

	@Override
	public void write(Chunk<? extends LocalDate> days) {
		LocalDate from = days.getItems().stream().min(Comparator.naturalOrder()).orElseThrow();
		LocalDate to = days.getItems().stream().max(Comparator.naturalOrder()).orElseThrow();
		Map<String, Object> counts;
		Map<String, Object> stageCounts;
		try {
			counts = recompute(UPSERT_DAYS, from, to);
			stageCounts = recompute(UPSERT_STAGE_DAYS, from, to);
		}
		catch (DataAccessException ex) {
			// Spring's message repeats the whole statement; the job's exit description (2,500 characters) needs
			// the days and PostgreSQL's own words.
			throw new IllegalStateException("recomputing " + from + ".." + to + " failed: "
					+ ex.getMostSpecificCause().getMessage().lines().findFirst().orElse(""), ex);
		}
		logger.info("Recomputed {}..{} ({}): {} team rows and {} stage rows upserted, {} and {} rows of days without"
				+ " activity deleted", from, to, this.zone, counts.get("upserted"), stageCounts.get("upserted"),
				counts.get("deleted"), stageCounts.get("deleted"));
		this.metrics.countOnCommit("flowbatch.daily.metrics.rows.upserted", ((Number) counts.get("upserted")).longValue());
		this.metrics.countOnCommit("flowbatch.daily.metrics.days", days.size());
	}

	private Map<String, Object> recompute(String statement, LocalDate from, LocalDate to) {
		return this.jdbc.sql(statement)
			.param("from_day", from)
			.param("to_day", to)
			.param("zone", this.zone)
			.param("execution_id", this.executionId)
			.query()
			.singleRow();
	}

}
