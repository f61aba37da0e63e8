package io.flowbatch.dbmaintenance;

import java.util.Locale;

/**
 * One maintenance statement of a run's plan, at its position in the plan. Encoded as one line of the plan kept in the
 * job's context, so that a restart works through the same plan.
 */
record PlannedAction(int position, Kind kind, String target) {

	enum Kind {

		ANALYZE("ANALYZE %s"), VACUUM_ANALYZE("VACUUM (ANALYZE) %s"), VACUUM_FULL("VACUUM (FULL, ANALYZE) %s"),
		REINDEX("REINDEX INDEX CONCURRENTLY %s");

		private final String statement;

		Kind(String statement) {
			this.statement = statement;
		}

		String label() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

	/** The statement; the target is a relation name read from the catalog (or checked against it), quoted. */
	String statement() {
		return String.format(this.kind.statement, quoted(this.target));
	}

	static String quoted(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

	String encode() {
		return this.kind.name() + " " + this.target;
	}

	static PlannedAction decode(int position, String line) {
		int space = line.indexOf(' ');
		return new PlannedAction(position, Kind.valueOf(line.substring(0, space)), line.substring(space + 1));
	}

}
