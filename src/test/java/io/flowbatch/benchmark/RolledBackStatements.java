package io.flowbatch.benchmark;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/** A baseline's statements timed in one transaction, then rolled back, so the job finds the same rows after it. */
final class RolledBackStatements {

	private RolledBackStatements() {
	}

	/** Seconds the statements took, in order, in one transaction that is then rolled back. */
	static double seconds(DataSource dataSource, String... statements) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			connection.setAutoCommit(false);
			long started = System.nanoTime();
			for (String sql : statements) {
				statement.executeUpdate(sql);
			}
			double seconds = BenchmarkReport.seconds(System.nanoTime() - started);
			connection.rollback();
			return seconds;
		}
	}

}
