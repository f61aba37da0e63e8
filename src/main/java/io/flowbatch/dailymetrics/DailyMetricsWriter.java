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
 * Recomputes a chunk of consecutive days with one set-based statement ({@code upsert-days.sql}) inside the chunk's
 * transaction: PostgreSQL aggregates the transitions, the JVM sends only the day range.
 */
class DailyMetricsWriter implements ItemWriter<LocalDate> {

	private static final Logger logger = LoggerFactory.getLogger(DailyMetricsWriter.class);

	static final String UPSERT_DAYS = SqlFiles.read("queries/daily-metrics/upsert-days.sql");

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
		try {
			counts = this.jdbc.sql(UPSERT_DAYS)
				.param("from_day", from)
				.param("to_day", to)
				.param("zone", this.zone)
				.param("execution_id", this.executionId)
				.query()
				.singleRow();
		}
		catch (DataAccessException ex) {
			// Spring's message repeats the whole statement; the job's exit description (2,500 characters) needs
			// the days and PostgreSQL's own words.
			throw new IllegalStateException("recomputing " + from + ".." + to + " failed: "
					+ ex.getMostSpecificCause().getMessage().lines().findFirst().orElse(""), ex);
		}
		logger.info("Recomputed {}..{} ({}): {} rows upserted, {} rows of days without activity deleted", from, to,
				this.zone, counts.get("upserted"), counts.get("deleted"));
		this.metrics.countOnCommit("flowbatch.daily.metrics.rows.upserted", ((Number) counts.get("upserted")).longValue());
		this.metrics.countOnCommit("flowbatch.daily.metrics.days", days.size());
	}

}
