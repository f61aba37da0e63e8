package io.flowbatch.dbmaintenance;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.flowbatch.sql.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Runs one planned statement on a connection of its own in autocommit (VACUUM and REINDEX CONCURRENTLY cannot run in
 * a transaction), with {@code lock_timeout}: a relation another session holds a conflicting lock on is skipped with
 * the reason and planned again by the next run. Before an index is rebuilt, invalid copies an interrupted rebuild
 * left beside it are dropped. Other errors fail the step (restart retries the statement). Statements are idempotent:
 * a restart may run the one whose outcome was not committed again.
 */
class ActionRunner implements ItemProcessor<PlannedAction, ActionOutcome> {

	private static final Logger logger = LoggerFactory.getLogger(ActionRunner.class);

	/** PostgreSQL's lock_not_available, raised when lock_timeout expires. */
	private static final String LOCK_NOT_AVAILABLE = "55P03";

	private static final String SIZE = SqlFiles.read("queries/db-maintenance/relation-size.sql");

	private static final String LEFTOVER_REBUILDS = SqlFiles.read("queries/db-maintenance/leftover-rebuilds.sql");

	private final DataSource dataSource;

	private final DbMaintenanceProperties properties;

	private final boolean dryRun;

	ActionRunner(DataSource dataSource, DbMaintenanceProperties properties, boolean dryRun) {
		this.dataSource = dataSource;
		this.properties = properties;
		this.dryRun = dryRun;
	}

	@Override
	public ActionOutcome process(PlannedAction action) throws SQLException {
		// Not the chunk's transaction: locks it took (even an AccessShareLock from reading a size) would hold up the
		// statement, which waits for them (REINDEX CONCURRENTLY's swap, VACUUM FULL).
		try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
			connection.setAutoCommit(true);
			NamedParameterJdbcTemplate own = new NamedParameterJdbcTemplate(new SingleConnectionDataSource(connection, true));
			Long before = size(own, action.target());
			if (this.dryRun) {
				return new ActionOutcome(action, ActionOutcome.Result.DRY_RUN, "would run: " + action.statement(), before,
						null, 0);
			}
			long started = System.nanoTime();
			statement.execute("SET lock_timeout = " + this.properties.lockTimeout().toMillis());
			try {
				if (action.kind() == PlannedAction.Kind.REINDEX) {
					dropLeftovers(own, statement, action.target());
				}
				logger.info("{}", action.statement());
				statement.execute(action.statement());
			}
			catch (SQLException ex) {
				if (!LOCK_NOT_AVAILABLE.equals(ex.getSQLState())) {
					throw ex;
				}
				String detail = "could not lock " + action.target() + " within lock_timeout "
						+ this.properties.lockTimeout().toMillis() + " ms (another session holds a conflicting lock);"
						+ " not done, retried on the next run: " + action.statement();
				logger.warn(detail);
				return new ActionOutcome(action, ActionOutcome.Result.SKIPPED_LOCKED, detail, before, before,
						seconds(started));
			}
			finally {
				// The pool hands the connection out again.
				statement.execute("RESET lock_timeout");
			}
			return new ActionOutcome(action, ActionOutcome.Result.DONE, action.statement(), before,
					size(own, action.target()), seconds(started));
		}
	}

	private static void dropLeftovers(NamedParameterJdbcTemplate own, Statement statement, String index)
			throws SQLException {
		List<String> leftovers = own.queryForList(LEFTOVER_REBUILDS, Map.of("index", index), String.class);
		for (String leftover : leftovers) {
			logger.info("Dropping {}, left invalid by an interrupted rebuild of {}", leftover, index);
			statement.execute("DROP INDEX CONCURRENTLY IF EXISTS " + PlannedAction.quoted(leftover));
		}
	}

	private static Long size(NamedParameterJdbcTemplate own, String target) {
		return own.queryForList(SIZE, Map.of("target", target), Long.class).stream().findFirst().orElse(null);
	}

	private static double seconds(long started) {
		return (System.nanoTime() - started) / 1e9;
	}

}
