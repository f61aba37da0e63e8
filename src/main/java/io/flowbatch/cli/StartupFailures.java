package io.flowbatch.cli;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

import org.springframework.core.NestedExceptionUtils;

/** Turns a failed Spring start-up into the one line and exit code ops need, instead of a stack trace. */
public final class StartupFailures {

	private StartupFailures() {
	}

	public static CliException classify(Throwable failure, String databaseUrl) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof CliException cliException) {
				return cliException;
			}
			if (isConnectionFailure(cause)) {
				return new CliException(ExitCode.DATABASE_UNAVAILABLE,
						"database unreachable at " + redact(databaseUrl) + ": " + oneLine(cause));
			}
		}
		Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
		String message = oneLine(root);
		if (message.contains("non-empty schema")) {
			message += " -- if the flow-metrics tables already exist, set SPRING_FLYWAY_BASELINE_ON_MIGRATE=true"
					+ " (docs/database.md)";
		}
		return new CliException(ExitCode.INTERNAL_ERROR, "failed: " + message);
	}

	private static boolean isConnectionFailure(Throwable cause) {
		if (cause instanceof SQLException sql && sql.getSQLState() != null) {
			// 08: connection exception; 28: invalid authorization; 3D000: no such database; 57P03: starting up
			String state = sql.getSQLState();
			return state.startsWith("08") || state.startsWith("28") || state.equals("3D000")
					|| state.equals("57P03");
		}
		return cause instanceof ConnectException || cause instanceof UnknownHostException
				|| cause instanceof SocketTimeoutException;
	}

	/** A JDBC URL may carry a password as a query parameter; it is never printed. */
	static String redact(String jdbcUrl) {
		return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
	}

	static String oneLine(Throwable cause) {
		String message = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
		return message.lines().findFirst().orElse("").strip();
	}

}
