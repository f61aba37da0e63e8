package io.flowbatch.dataquality;

import java.util.Locale;

/**
 * The data-quality checks, each one query in {@code sql/queries/data-quality/<name>.sql} that returns how many rows
 * break the rule and the ids of a few of them.
 */
enum Rule {

	COMPLETED_WITHOUT_COMPLETED_AT("completed items without completed_at"),
	COMPLETED_AT_WITHOUT_COMPLETED("items with completed_at whose status is not completed"),
	TRANSITIONS_OUT_OF_ORDER("items whose transitions do not chain in time order, or lie outside created..completed"),
	STAGE_METRICS_DISAGREE("stage_metrics whose times disagree with the transitions"),
	UNKNOWN_ITEM_TYPE("items whose type is not one of flowbatch.data-quality.known-item-types"),
	STUCK_PENDING_EVENTS("webhook events pending for more than pendingHours");

	private final String description;

	Rule(String description) {
		this.description = description;
	}

	/** The name in findings, metrics and reports, e.g. {@code unknown-item-type}. */
	String label() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	String description() {
		return this.description;
	}

	String sqlFile() {
		return "queries/data-quality/" + label() + ".sql";
	}

	static Rule fromLabel(String label) {
		return valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
	}

}
