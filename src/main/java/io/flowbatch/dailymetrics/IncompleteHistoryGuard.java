package io.flowbatch.dailymetrics;

import java.time.LocalDate;

import io.flowbatch.sql.SqlFiles;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersValidator;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Refuses to recompute days whose items flow-item-retention may already have deleted: a backfill past its cutoff
 * would replace rows computed when the items were still there with undercounts. {@code allowIncompleteHistory=true}
 * recomputes them anyway. The day of the cutoff itself is refused too: in a zone ahead of UTC it starts before the
 * cutoff instant (00:00 UTC).
 */
class IncompleteHistoryGuard implements JobParametersValidator {

	private static final String RETENTION_CUTOFF = SqlFiles.read("queries/daily-metrics/retention-cutoff.sql");

	private final JdbcClient jdbc;

	IncompleteHistoryGuard(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void validate(JobParameters parameters) throws InvalidJobParametersException {
		LocalDate date = parameters.getLocalDate("date");
		Long lookbackDays = parameters.getLong("lookbackDays");
		var allow = parameters.getParameter("allowIncompleteHistory");
		if (date == null || lookbackDays == null
				|| (allow != null && Boolean.parseBoolean(String.valueOf(allow.value())))) {
			return;
		}
		LocalDate first = date.minusDays(lookbackDays);
		LocalDate cutoff = this.jdbc.sql(RETENTION_CUTOFF).query(LocalDate.class).optional().orElse(null);
		if (cutoff != null && !first.isAfter(cutoff)) {
			throw new InvalidJobParametersException("days up to " + cutoff + " cannot be recomputed completely:"
					+ " flow-item-retention archived and deleted the items completed before " + cutoff + " (00:00 UTC),"
					+ " so recomputing " + first + ".." + date + " would replace their rows with undercounts. Start"
					+ " after " + cutoff + " (a smaller lookbackDays), or pass allowIncompleteHistory=true to recompute"
					+ " them anyway");
		}
	}

}
