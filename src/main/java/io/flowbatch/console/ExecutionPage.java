package io.flowbatch.console;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /executions/ID}: one execution for the 3 a.m. engineer and the auditor alike: its parameters, steps with
 * their counts, failures with their root cause, who acted on it and why, the other executions of its instance, and
 * what it recorded (archive objects, findings, verified backups, restore tests, PITR drills).
 */
final class ExecutionPage {

	private static final int HELD_BACK_SHOWN = 100;

	/** The statuses whose exit description explains what went wrong. */
	private static final Set<String> FAILED = Set.of("FAILED", "STOPPED", "ABANDONED", "UNKNOWN");

	private final ConsoleQueries queries;

	ExecutionPage(ConsoleQueries queries) {
		this.queries = queries;
	}

	static String path(Object executionId) {
		return HistoryPage.PATH + "/" + executionId;
	}

	Page render(long executionId) {
		Optional<Map<String, Object>> found = this.queries.execution(executionId);
		if (found.isEmpty()) {
			return Page.notFound("There is no execution " + executionId + " in this database.");
		}
		Map<String, Object> execution = found.get();
		long instanceId = ((Number) execution.get("instance_id")).longValue();
		Html body = new Html().open("h1")
			.text("Execution " + executionId + " of " + execution.get("job") + " ")
			.element("span", execution.get("status"), "class", "status s-" + execution.get("status"))
			.close("h1");
		facts(body, execution);
		boolean failed = FAILED.contains(String.valueOf(execution.get("status")));
		exitDescription(body, failed ? "Failure" : "Exit description", (String) execution.get("exit_description"),
				failed);
		parameters(body, executionId);
		steps(body, executionId);
		instance(body, executionId, instanceId);
		operatorActions(body, instanceId);
		records(body, executionId);
		return new Page(200, "Execution " + executionId, body);
	}

	private static void facts(Html body, Map<String, Object> execution) {
		body.raw("<dl class=\"facts\"><dt>Job</dt><dd>")
			.link(Html.url(HistoryPage.PATH, Map.of("job", execution.get("job"))), execution.get("job"))
			.raw("</dd><dt>Job instance</dt><dd>")
			.text(execution.get("instance_id"))
			.raw("</dd><dt>Exit code</dt><dd>")
			.text(execution.get("exit_code"))
			.raw("</dd><dt>Created</dt><dd>")
			.text(Formats.time(execution.get("created")))
			.raw("</dd><dt>Started</dt><dd>")
			.text(Formats.time(execution.get("started")))
			.raw("</dd><dt>Ended</dt><dd>")
			.text(Formats.time(execution.get("ended")))
			.raw("</dd><dt>Duration</dt><dd>")
			.text(Formats.duration(execution.get("started"), execution.get("ended")))
			.raw("</dd><dt>Last updated</dt><dd>")
			.text(Formats.time(execution.get("last_updated")))
			.raw("</dd></dl>");
	}

	/**
	 * The first line, the root cause and, folded, the whole text (usually a stack trace); marked as a failure when it
	 * is one, a plain note (e.g. a plan's totals) otherwise.
	 */
	private static void exitDescription(Html body, String label, String description, boolean failed) {
		FailureText failure = FailureText.of(description);
		if (failure.isEmpty()) {
			return;
		}
		body.open("div", "class", failed ? "failure" : "note")
			.element("strong", label + ": ")
			.text(failure.firstLine());
		if (failure.rootCause() != null) {
			body.open("div").element("strong", "Root cause: ").text(failure.rootCause()).close("div");
		}
		if (failure.hasMore()) {
			body.raw("<details><summary>Full text</summary>").element("pre", failure.full()).raw("</details>");
		}
		body.close("div");
	}

	private void parameters(Html body, long executionId) {
		List<Map<String, Object>> parameters = this.queries.parameters(executionId);
		body.element("h2", "Parameters");
		if (parameters.isEmpty()) {
			body.element("p", "None.", "class", "muted");
			return;
		}
		body.raw("<table id=\"parameters\"><thead><tr><th>Name</th><th>Value</th><th>Type</th><th>Identifying</th>"
				+ "</tr></thead><tbody>");
		for (Map<String, Object> parameter : parameters) {
			String type = String.valueOf(parameter.get("type"));
			body.raw("<tr><td><code>")
				.text(parameter.get("name"))
				.raw("</code></td><td><code>")
				.text(parameter.get("value"))
				.raw("</code></td><td>")
				.text(type.substring(type.lastIndexOf('.') + 1))
				.raw("</td><td>")
				.text(Boolean.TRUE.equals(parameter.get("identifying")) ? "yes" : "no")
				.raw("</td></tr>");
		}
		body.raw("</tbody></table>");
	}

	private void steps(Html body, long executionId) {
		List<Map<String, Object>> steps = this.queries.steps(executionId);
		body.element("h2", "Steps");
		if (steps.isEmpty()) {
			body.element("p", "No step has started.", "class", "muted");
			return;
		}
		body.raw("<table id=\"steps\"><thead><tr><th>Step</th><th>Status</th><th class=\"n\">Read</th>"
				+ "<th class=\"n\">Written</th><th class=\"n\">Filtered</th><th class=\"n\">Skipped</th>"
				+ "<th class=\"n\">Commits</th><th class=\"n\">Rollbacks</th><th>Started (UTC)</th><th>Duration</th>"
				+ "</tr></thead><tbody>");
		for (Map<String, Object> step : steps) {
			body.raw("<tr><td>")
				.text(step.get("step_name"))
				.raw("</td><td>")
				.element("span", step.get("status"), "class", "status s-" + step.get("status"))
				.raw("</td>");
			for (String count : List.of("read_count", "write_count", "filter_count", "skip_count", "commit_count",
					"rollback_count")) {
				body.raw("<td class=\"n\">").text(Formats.count(step.get(count))).raw("</td>");
			}
			body.raw("<td class=\"t\">")
				.text(Formats.time(step.get("start_time")))
				.raw("</td><td class=\"t\">")
				.text(Formats.duration(step.get("start_time"), step.get("end_time")))
				.raw("</td></tr>");
		}
		body.raw("</tbody></table>");
		for (Map<String, Object> step : steps) {
			boolean failed = FAILED.contains(String.valueOf(step.get("status")));
			exitDescription(body, (failed ? "Failure in step " : "Step ") + step.get("step_name"),
					(String) step.get("exit_message"), failed);
		}
	}

	private void instance(Html body, long executionId, long instanceId) {
		List<Map<String, Object>> executions = this.queries.instanceExecutions(instanceId);
		body.element("h2", "Executions of this job instance (the run and its restarts)");
		body.raw("<table id=\"instance-executions\"><thead><tr><th class=\"n\">Execution</th><th>Status</th>"
				+ "<th>Created (UTC)</th><th>Started</th><th>Ended</th></tr></thead><tbody>");
		for (Map<String, Object> execution : executions) {
			Object id = execution.get("execution_id");
			body.raw("<tr><td class=\"n\">");
			if (((Number) id).longValue() == executionId) {
				body.element("strong", id + " (this one)");
			}
			else {
				body.link(path(id), id);
			}
			body.raw("</td><td>")
				.element("span", execution.get("status"), "class", "status s-" + execution.get("status"))
				.raw("</td><td class=\"t\">")
				.text(Formats.time(execution.get("created")))
				.raw("</td><td class=\"t\">")
				.text(Formats.time(execution.get("started")))
				.raw("</td><td class=\"t\">")
				.text(Formats.time(execution.get("ended")))
				.raw("</td></tr>");
		}
		body.raw("</tbody></table>");
	}

	private void operatorActions(Html body, long instanceId) {
		List<Map<String, Object>> actions = this.queries.operatorActions(instanceId);
		body.element("h2", "Operator actions on this job instance");
		if (actions.isEmpty()) {
			body.element("p", "None recorded (flowbatch records who runs, restarts, stops, abandons or recovers an"
					+ " execution through its command line).", "class", "muted");
			return;
		}
		body.raw("<table id=\"operator-actions\"><thead><tr><th>When (UTC)</th><th>Action</th>"
				+ "<th class=\"n\">Execution</th><th>Who</th><th>Host</th><th>flowbatch</th><th>Reason</th></tr>"
				+ "</thead><tbody>");
		for (Map<String, Object> action : actions) {
			body.raw("<tr><td class=\"t\">")
				.text(Formats.time(action.get("acted_at")))
				.raw("</td><td>")
				.text(action.get("action"))
				.raw("</td><td class=\"n\">")
				.link(path(action.get("job_execution_id")), action.get("job_execution_id"))
				.raw("</td><td>")
				.text(action.get("actor"))
				.raw("</td><td>")
				.text(action.get("host"))
				.raw("</td><td>")
				.text(action.get("flowbatch_version"))
				.raw("</td><td>")
				.text((action.get("reason") != null) ? action.get("reason") : "-")
				.raw("</td></tr>");
		}
		body.raw("</tbody></table>");
	}

	/** What this execution recorded in flowbatch's own tables; a section only where there is something. */
	private void records(Html body, long executionId) {
		List<Map<String, Object>> archived = this.queries.archiveRuns(executionId, 1);
		if (!archived.isEmpty()) {
			body.element("h2", "Archived objects");
			ArchivesPage.runsTable(body, archived);
			body.open("p").link(ArchivesPage.objectsPath(executionId), "Every object of this execution").close("p");
		}
		List<Map<String, Object>> heldBack = this.queries.heldBack(executionId, HELD_BACK_SHOWN);
		if (!heldBack.isEmpty()) {
			body.element("h2", "Rows held back in PostgreSQL (a value cannot be archived exactly)");
			body.raw("<table id=\"held-back\"><thead><tr><th>Dataset</th><th>Row</th><th>Column</th><th>Value</th>"
					+ "</tr></thead><tbody>");
			for (Map<String, Object> row : heldBack) {
				body.raw("<tr><td>")
					.text(row.get("dataset"))
					.raw("</td><td><code>")
					.text(row.get("row_id"))
					.raw("</code></td><td>")
					.text(row.get("column_name"))
					.raw("</td><td><code>")
					.text(row.get("column_value"))
					.raw("</code></td></tr>");
			}
			body.raw("</tbody></table>");
			if (heldBack.size() == HELD_BACK_SHOWN) {
				body.element("p", "The first " + HELD_BACK_SHOWN + " are shown.", "class", "muted");
			}
		}
		List<Map<String, Object>> findings = this.queries.verifyFindings(executionId);
		if (!findings.isEmpty()) {
			body.element("h2", "What archive verification found");
			body.raw("<table id=\"findings\"><thead><tr><th>Object</th><th>Problem</th><th>Detail</th>"
					+ "<th>Found (UTC)</th><th class=\"n\">Archived by</th></tr></thead><tbody>");
			for (Map<String, Object> finding : findings) {
				body.raw("<tr><td><code>")
					.text(finding.get("object_key"))
					.raw("</code></td><td>")
					.text(finding.get("problem"))
					.raw("</td><td>")
					.text(finding.get("detail"))
					.raw("</td><td class=\"t\">")
					.text(Formats.time(finding.get("found_at")))
					.raw("</td><td class=\"n\">");
				if (finding.get("archived_by") != null) {
					body.link(path(finding.get("archived_by")), finding.get("archived_by"));
				}
				body.raw("</td></tr>");
			}
			body.raw("</tbody></table>");
		}
		List<Map<String, Object>> verified = this.queries.backupVerifications(executionId, 1);
		if (!verified.isEmpty()) {
			body.element("h2", "Verified backup");
			BackupsPage.verificationsTable(body, verified);
		}
		List<Map<String, Object>> restoreTests = this.queries.restoreTests(executionId, 1);
		if (!restoreTests.isEmpty()) {
			body.element("h2", "Restore test");
			BackupsPage.restoreTestsTable(body, restoreTests);
			body.open("p").link(BackupsPage.PATH, "RTO over time").close("p");
		}
		List<Map<String, Object>> pitrTests = this.queries.pitrTests(executionId, 1);
		if (!pitrTests.isEmpty()) {
			body.element("h2", "Point-in-time recovery drill");
			BackupsPage.pitrTestsTable(body, pitrTests);
			body.open("p").link(BackupsPage.PATH + "#" + RtoChart.Kind.PITR_DRILLS.id(), "RTO over time").close("p");
		}
	}

}
