package io.flowbatch.dbmaintenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.flowbatch.sql.SqlFiles;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersValidator;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Refuses, before anything runs, a level other than daily, weekly or monthly, and a {@code vacuumFull} that names
 * anything but tables of flowbatch's schema (VACUUM FULL locks what it names, so it must name exactly that).
 */
class MaintenanceParameters implements JobParametersValidator {

	private static final String TABLES_NAMED = SqlFiles.read("queries/db-maintenance/tables-named.sql");

	private final NamedParameterJdbcTemplate jdbc;

	MaintenanceParameters(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void validate(JobParameters parameters) throws InvalidJobParametersException {
		String level = parameters.getString("level");
		try {
			Level.of(String.valueOf(level));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidJobParametersException(ex.getMessage());
		}
		Set<String> named = MaintenancePlanner.tables(parameters.getString("vacuumFull"));
		if (named.isEmpty()) {
			return;
		}
		List<String> unknown = new ArrayList<>(named);
		unknown.removeAll(this.jdbc.queryForList(TABLES_NAMED, Map.of("tables", named), String.class));
		if (!unknown.isEmpty()) {
			throw new InvalidJobParametersException("vacuumFull names no table of this database's schema: "
					+ String.join(", ", unknown) + " (VACUUM FULL locks each table it names; name them exactly)");
		}
	}

}
