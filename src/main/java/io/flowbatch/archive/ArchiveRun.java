package io.flowbatch.archive;

import java.sql.Timestamp;
import java.time.LocalDate;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/** The parameters every query of an archive run gets: {@code :cutoff} and {@code :include_unprocessed}. */
final class ArchiveRun {

	private ArchiveRun() {
	}

	static MapSqlParameterSource parameters(JobParameters jobParameters) {
		LocalDate before = jobParameters.getLocalDate("before");
		return new MapSqlParameterSource().addValue("cutoff", Timestamp.valueOf(before.atStartOfDay()))
			.addValue("include_unprocessed", flag(jobParameters, "includeUnprocessed"));
	}

	/** A boolean job parameter; absent is false. */
	static boolean flag(JobParameters jobParameters, String name) {
		var parameter = jobParameters.getParameter(name);
		return parameter != null && Boolean.parseBoolean(String.valueOf(parameter.value()));
	}

}
