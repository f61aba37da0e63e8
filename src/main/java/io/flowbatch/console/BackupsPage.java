package io.flowbatch.console;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * {@code /backups}: the backups backup-verify verified, and restore-test's results with their RTO by phase and over
 * time against the target.
 */
final class BackupsPage {

	static final String PATH = "/backups";

	private static final int SHOWN = 200;

	private final ConsoleQueries queries;

	BackupsPage(ConsoleQueries queries) {
		this.queries = queries;
	}

	Page render() {
		Html body = new Html().element("h1", "Backups and restore tests");
		List<Map<String, Object>> restoreTests = this.queries.restoreTests(null, SHOWN);
		body.element("h2", "Recovery time of the restore tests (RTO)");
		if (restoreTests.isEmpty()) {
			body.element("p", "No restore test has run yet.", "class", "muted");
		}
		else {
			List<RtoChart.Point> points = new ArrayList<>();
			for (Map<String, Object> test : restoreTests) {
				points.add(new RtoChart.Point(((Number) test.get("execution_id")).longValue(),
						Formats.local(test.get("tested_at")),
						(test.get("rto_seconds") != null) ? ((Number) test.get("rto_seconds")).doubleValue() : null,
						((Number) test.get("rto_target_seconds")).doubleValue(),
						Boolean.TRUE.equals(test.get("passed"))));
			}
			Collections.reverse(points);
			RtoChart.render(body, points);
			body.element("h2", "Restore tests");
			restoreTestsTable(body, restoreTests);
			shownNote(body, restoreTests.size());
		}
		List<Map<String, Object>> verifications = this.queries.backupVerifications(null, SHOWN);
		body.element("h2", "Verified backups (backup-verify)");
		if (verifications.isEmpty()) {
			body.element("p", "No backup has been verified yet.", "class", "muted");
		}
		else {
			verificationsTable(body, verifications);
			shownNote(body, verifications.size());
		}
		return new Page(200, "Backups and restore tests", body);
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
			boolean passed = Boolean.TRUE.equals(test.get("passed"));
			body.raw("<tr><td class=\"n\">")
				.link(ExecutionPage.path(test.get("execution_id")), test.get("execution_id"))
				.raw("</td><td class=\"t\">")
				.text(Formats.time(test.get("tested_at")))
				.raw("</td><td><code>")
				.text(test.get("backup_key"))
				.raw("</code></td><td>")
				.element("span", passed ? "passed" : "failed", "class", "status s-" + (passed ? "passed" : "failed"))
				.raw("</td>");
			for (String phase : List.of("download_seconds", "restore_seconds", "validate_seconds", "rto_seconds",
					"rto_target_seconds")) {
				body.raw("<td class=\"n\">").text(Formats.seconds(test.get(phase))).raw("</td>");
			}
			body.raw("<td class=\"n\">")
				.text(Formats.count(test.get("tables_checked")))
				.raw("</td><td class=\"exit\">")
				.text((test.get("failure") != null) ? test.get("failure") : "")
				.raw("</td></tr>");
		}
		body.raw("</tbody></table>");
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
