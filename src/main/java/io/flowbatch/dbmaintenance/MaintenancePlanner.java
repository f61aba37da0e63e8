package io.flowbatch.dbmaintenance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.flowbatch.sql.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The {@code plan} step: what this run will do, from the statistics at its start, kept in the job's context (a
 * restart works through the same plan): the {@code vacuumFull} tables first, then per level the stale tables
 * (daily ANALYZE, weekly VACUUM (ANALYZE)) or the bloated indexes (monthly REINDEX INDEX CONCURRENTLY, measured with
 * pgstattuple where installed, else estimated from the catalog).
 */
class MaintenancePlanner implements Tasklet {

	static final String PLAN = "plan";

	private static final Logger logger = LoggerFactory.getLogger(MaintenancePlanner.class);

	private static final String STALE_TABLES = SqlFiles.read("queries/db-maintenance/stale-tables.sql");

	private static final String BLOATED_ESTIMATE = SqlFiles.read("queries/db-maintenance/bloated-indexes-estimate.sql");

	private static final String BLOATED_MEASURED = SqlFiles
		.read("queries/db-maintenance/bloated-indexes-pgstattuple.sql");

	private static final String HAS_PGSTATTUPLE = "SELECT to_regprocedure('pgstatindex(regclass)') IS NOT NULL";

	private final NamedParameterJdbcTemplate jdbc;

	private final DbMaintenanceProperties properties;

	private final Level level;

	private final Set<String> vacuumFull;

	MaintenancePlanner(NamedParameterJdbcTemplate jdbc, DbMaintenanceProperties properties, Level level,
			Set<String> vacuumFull) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.level = level;
		this.vacuumFull = vacuumFull;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext context) {
		List<PlannedAction> plan = new ArrayList<>();
		for (String table : this.vacuumFull) {
			plan.add(new PlannedAction(plan.size(), PlannedAction.Kind.VACUUM_FULL, table));
		}
		String method = "";
		if (this.level == Level.MONTHLY) {
			boolean measured = this.jdbc.queryForObject(HAS_PGSTATTUPLE, Map.of(), Boolean.class);
			method = measured ? " (bloat measured with pgstattuple)" : " (bloat estimated from the catalog statistics)";
			List<String> bloats = new ArrayList<>();
			this.jdbc.query(measured ? BLOATED_MEASURED : BLOATED_ESTIMATE,
					new MapSqlParameterSource().addValue("min_index_bytes", this.properties.minIndexBytes().toBytes())
						.addValue("bloat_ratio", this.properties.bloatRatio()),
					(row) -> {
						plan.add(new PlannedAction(plan.size(), PlannedAction.Kind.REINDEX, row.getString("target")));
						bloats.add(row.getString("target") + " " + Math.round(row.getDouble("bloat") * 100) + " %");
					});
			method += bloats.isEmpty() ? "" : " [bloat: " + String.join(", ", bloats) + "]";
		}
		else {
			PlannedAction.Kind kind = (this.level == Level.DAILY) ? PlannedAction.Kind.ANALYZE
					: PlannedAction.Kind.VACUUM_ANALYZE;
			for (String table : this.jdbc.queryForList(STALE_TABLES,
					new MapSqlParameterSource().addValue("with_dead_tuples", this.level == Level.WEEKLY)
						.addValue("min_modified_rows", this.properties.minModifiedRows())
						.addValue("modified_fraction", this.properties.modifiedFraction()),
					String.class)) {
				if (!this.vacuumFull.contains(table)) {
					plan.add(new PlannedAction(plan.size(), kind, table));
				}
			}
		}
		context.getStepContext()
			.getStepExecution()
			.getJobExecution()
			.getExecutionContext()
			.putString(PLAN, plan.stream().map(PlannedAction::encode).collect(Collectors.joining("\n")));
		String summary = this.level.label() + " plan" + method + ": " + (plan.isEmpty() ? "nothing to do"
				: plan.stream().map((action) -> action.kind().label() + " " + action.target()).collect(
						Collectors.joining(", ")));
		logger.info(summary);
		contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(summary));
		return RepeatStatus.FINISHED;
	}

	static List<PlannedAction> decode(String plan) {
		List<PlannedAction> actions = new ArrayList<>();
		if (plan != null && !plan.isEmpty()) {
			for (String line : plan.split("\n")) {
				actions.add(PlannedAction.decode(actions.size(), line));
			}
		}
		return actions;
	}

	static Set<String> tables(String vacuumFull) {
		Set<String> tables = new LinkedHashSet<>();
		for (String table : (vacuumFull == null) ? new String[0] : vacuumFull.split(",")) {
			if (!table.isBlank()) {
				tables.add(table.strip());
			}
		}
		return tables;
	}

}
