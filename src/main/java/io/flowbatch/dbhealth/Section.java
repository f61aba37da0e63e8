package io.flowbatch.dbhealth;

import java.util.Locale;

/** The checks of db-health, each a query in {@code sql/queries/db-health/<name>.sql} returning subject, value, detail. */
enum Section {

	GROWTH, DEAD_TUPLES, UNUSED_INDEXES, SEQ_SCANS, LONG_RUNNING, IDLE_IN_TRANSACTION, CONNECTIONS, SLOW_STATEMENTS,
	ARCHIVER;

	/** The name in findings and reports, e.g. {@code dead-tuples}. */
	String label() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	String sqlFile() {
		return "queries/db-health/" + label() + ".sql";
	}

}
