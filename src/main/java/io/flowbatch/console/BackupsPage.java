package io.flowbatch.console;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * {@code /backups}: the backups backup-verify verified, restore-test's results and pitr-test's point-in-time recovery
 * drills, each with their RTO by phase and over time against the target.
 */
final class BackupsPage {

	static final String PATH = "/backups";

	private static final int SHOWN = 200;

	private final ConsoleQueries queries;

	BackupsPage(ConsoleQueries queries) {
		this.queries = queries;
	}

	Page render() {
		Html body = new Html().element("h1", "Backups, restore tests and PITR drills");
		rtoSection(body, this.queries.restoreTests(null, SHOWN), RtoChart.Kind.RESTORE_TESTS,
				"Recovery time of the restore tests (RTO)", "No restore test has run yet.", "Restore tests",
				BackupsPage::restoreTestsTable);
		rtoSection(body, this.queries.pitrTests(null, SHOWN), RtoChart.Kind.PITR_DRILLS,
				"Recovery time of the point-in-time recovery drills (RTO)", "No PITR drill (pitr-test) has run yet.",
				"PITR drills (pitr-test)", BackupsPage::pitrTestsTable);
		List<Map<String, Object>> verifications = this.queries.backupVerifications(null, SHOWN);
		body.element("h2", "Verified backups (backup-verify)");
		if (verifications.isEmpty()) {
			body.element("p", "No backup has been verified yet.", "class", "muted");
		}
		else {
			verificationsTable(body, verifications);
			shownNote(body, verifications.size());
		}
		return new Page(200, "Backups, restore tests and PITR drills", body);
	}

	/** A kind of recovery test: its RTO over time, then its table, or a line saying none has run. */
	private static void rtoSection(Html body, List<Map<String, Object>> tests, RtoChart.Kind kind, String chartHeading,
			String none, String tableHeading, BiConsumer<Html, List<Map<String, Object>>> table) {
		body.element("h2", chartHeading);
		if (tests.isEmpty()) {
			body.element("p", none, "class", "muted");
			return;
		}
		RtoChart.render(body, kind, points(tests));
		body.element("h2", tableHeading);
		table.accept(body, tests);
		shownNote(body, tests.size());
	}

	/** The chart's points, oldest first, of tests read newest first. */
	private static List<RtoChart.Point> points(List<Map<String, Object>> tests) {
		List<RtoChart.Point> points = new ArrayList<>();
		for (Map<String, Object> test : tests) {
			points.add(new RtoChart.Point(((Number) test.get("execution_id")).longValue(),
					Formats.local(test.get("tested_at")),
					(test.get("rto_seconds") != null) ? ((Number) test.get("rto_seconds")).doubleValue() : null,
					((Number) test.get("rto_target_seconds")).doubleValue(), Boolean.TRUE.equals(test.get("passed"))));
		}
		Collections.reverse(points);
		return points;
	}

	private static void shownNote(Html body, int rows) {
		if (rows == SHOWN) {
			body.element("p", "The newest " + SHOWN + " are shown.", "class", "muted");
		}
	}

	static void restoreTestsTable(Html body, List<Map<String, Object>> tests) {
		body.raw("<table id=\"restore-tests\"><thead><tr><th class=\"n\">Execution</th><th>Tested (UTC)</th>"
				+ "<th>Backup</th><th>Result</th><th class=\"n\">Download</th><th class=\"n\">Restore</th>"
				+ "<th class=\"n\">Validate</th><th class=\"n\">RTO</th><th class=\"n\">Target</th>"
				+ "<th class=\"n\">Tables checked</th><th>Failure</th></tr></thead><tbody>");
		for (Map<String, Object> test : tests) {
			testedCells(body, test);
			body.raw("<td><code>").text(test.get("backup_key")).raw("</code></td>");
			resultCell(body, test);
			phaseCells(body, test, "download_seconds", "restore_seconds", "validate_seconds");
			rtoCells(body, test);
			body.raw("<td class=\"n\">").text(Formats.count(test.get("tables_checked"))).raw("</td>");
			failureCell(body, test);
		}
		body.raw("</tbody></table>");
	}

	static void pitrTestsTable(Html body, List<Map<String, Object>> drills) {
		body.raw("<table id=\"pitr-tests\"><thead><tr><th class=\"n\">Execution</th><th>Tested (UTC)</th>"
				+ "<th>Stanza</th><th>Target time</th><th>Recovered to</th><th>Backup</th><th>Result</th>"
				+ "<th class=\"n\">Restore</th><th class=\"n\">Recovery</th><th class=\"n\">Validate</th>"
				+ "<th class=\"n\">RTO</th><th class=\"n\">Target</th><th class=\"n\">Markers expected</th>"
				+ "<th class=\"n\">Markers found</th><th class=\"n\">Tables checked</th><th>Validated as</th>"
				+ "<th>Failure</th></tr></thead><tbody>");
		for (Map<String, Object> drill : drills) {
			testedCells(body, drill);
			body.raw("<td>")
				.text(drill.get("stanza"))
				.raw("</td><td class=\"t\">")
				.text(Formats.time(drill.get("target_time")))
				.raw("</td><td class=\"t\">")
				.text(Formats.time(drill.get("recovered_to")))
				.raw("</td><td><code>")
				.text((drill.get("backup_label") != null) ? drill.get("backup_label") : "-")
				.raw("</code></td>");
			resultCell(body, drill);
			phaseCells(body, drill, "restore_seconds", "recovery_seconds", "validate_seconds");
			rtoCells(body, drill);
			for (String count : List.of("markers_expected", "markers_found", "tables_checked")) {
				body.raw("<td class=\"n\">").text(Formats.count(drill.get(count))).raw("</td>");
			}
			body.raw("<td>").text(validatedAs(drill)).raw("</td>");
			failureCell(body, drill);
		}
		body.raw("</tbody></table>");
	}

	/** The role the drill validated the copy as: an auditor asks whether it was a superuser. */
	private static String validatedAs(Map<String, Object> drill) {
		Object role = drill.get("validated_as");
		if (role == null) {
			return "-";
		}
		Object superuser = drill.get("validated_as_superuser");
		return (superuser == null) ? role.toString()
				: role + (Boolean.TRUE.equals(superuser) ? " (a superuser)" : " (not a superuser)");
	}

	/** Opens the row: the execution, linked, and when it was tested. */
	private static void testedCells(Html body, Map<String, Object> test) {
		body.raw("<tr><td class=\"n\">")
			.link(ExecutionPage.path(test.get("execution_id")), test.get("execution_id"))
			.raw("</td><td class=\"t\">")
			.text(Formats.time(test.get("tested_at")))
			.raw("</td>");
	}

	private static void resultCell(Html body, Map<String, Object> test) {
		String result = Boolean.TRUE.equals(test.get("passed")) ? "passed" : "failed";
		body.raw("<td>").element("span", result, "class", "status s-" + result).raw("</td>");
	}

	private static void phaseCells(Html body, Map<String, Object> test, String... phases) {
		for (String phase : phases) {
			body.raw("<td class=\"n\">").text(Formats.seconds(test.get(phase))).raw("</td>");
		}
	}

	/** The RTO, marked when it exceeds the target, and the target. */
	private static void rtoCells(Html body, Map<String, Object> test) {
		boolean over = test.get("rto_seconds") instanceof Number rto
				&& rto.doubleValue() > ((Number) test.get("rto_target_seconds")).doubleValue();
		body.open("td", "class", over ? "n over" : "n")
			.text(Formats.seconds(test.get("rto_seconds")))
			.raw("</td><td class=\"n\">")
			.text(Formats.seconds(test.get("rto_target_seconds")))
			.raw("</td>");
	}

	/** Closes the row. */
	private static void failureCell(Html body, Map<String, Object> test) {
		body.raw("<td class=\"exit\">")
			.text((test.get("failure") != null) ? test.get("failure") : "")
			.raw("</td></tr>");
	}

	static void verificationsTable(Html body, List<Map<String, Object>> verifications) {
		body.raw("<table id=\"backup-verifications\"><thead><tr><th class=\"n\">Execution</th><th>Status</th>"
				+ "<th>Backup</th><th>Verified (UTC)</th></tr></thead><tbody>");
		for (Map<String, Object> verification : verifications) {
			body.raw("<tr><td class=\"n\">")
				.link(ExecutionPage.path(verification.get("execution_id")), verification.get("execution_id"))
				.raw("</td><td>")
				.element("span", verification.get("status"), "class", "status s-" + verification.get("status"))
				.raw("</td><td><code>")
				.text(verification.get("backup_key"))
				.raw("</code></td><td class=\"t\">")
				.text(Formats.time(verification.get("verified_at")))
				.raw("</td></tr>");
		}
		body.raw("</tbody></table>");
	}

}
