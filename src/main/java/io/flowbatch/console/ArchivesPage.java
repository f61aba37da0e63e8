package io.flowbatch.console;

import java.util.List;
import java.util.Map;

/**
 * {@code /archives}: per execution, the objects archive_manifest vouches for (rows, bytes, rows deleted from
 * PostgreSQL, archive-verify's findings); {@code /archives?execution=ID}: that execution's objects one by one.
 */
final class ArchivesPage {

	static final String PATH = "/archives";

	private static final int RUNS_SHOWN = 100;

	private static final int OBJECTS_SHOWN = 1000;

	private final ConsoleQueries queries;

	ArchivesPage(ConsoleQueries queries) {
		this.queries = queries;
	}

	static String objectsPath(Object executionId) {
		return Html.url(PATH, Map.of("execution", executionId));
	}

	Page render(Map<String, String> query) {
		String execution = query.get("execution");
		if (execution != null) {
			if (!execution.matches("\\d{1,18}")) {
				return new Page(400, "Archives", new Html().element("h1", "Archives")
					.element("p", "execution must be an execution id (a whole number), got '" + execution + "'",
							"class", "error"));
			}
			return objects(Long.parseLong(execution));
		}
		Html body = new Html().element("h1", "Archives by execution");
		List<Map<String, Object>> runs = this.queries.archiveRuns(null, RUNS_SHOWN);
		if (runs.isEmpty()) {
			return new Page(200, "Archives", body.element("p", "No archive has been written yet.", "class", "muted"));
		}
		body.element("p", "What archive_manifest vouches for: objects written, read back and verified before their rows"
				+ " were deleted from PostgreSQL. Newest first" + ((runs.size() == RUNS_SHOWN)
						? "; the newest " + RUNS_SHOWN + " executions are shown." : "."),
				"class", "muted");
		runsTable(body, runs);
		return new Page(200, "Archives", body);
	}

	private Page objects(long executionId) {
		Html body = new Html().open("h1")
			.text("Archived by execution ")
			.link(ExecutionPage.path(executionId), executionId)
			.close("h1");
		List<Map<String, Object>> run = this.queries.archiveRuns(executionId, 1);
		if (run.isEmpty()) {
			return new Page(404, "Archives", body.element("p", "Execution " + executionId + " archived nothing.",
					"class", "muted"));
		}
		runsTable(body, run);
		List<Map<String, Object>> objects = this.queries.archiveObjects(executionId, OBJECTS_SHOWN);
		body.element("h2", "Objects");
		body.raw("<table id=\"objects\"><thead><tr><th>Object key (dataset, partition, file)</th>"
				+ "<th class=\"n\">Rows</th><th class=\"n\">Bytes</th><th>Ids</th><th>SHA-256</th>"
				+ "<th>Verified (UTC)</th><th class=\"n\">Rows deleted</th><th>Finding</th></tr></thead><tbody>");
		for (Map<String, Object> object : objects) {
			body.raw("<tr><td class=\"key\"><code>")
				.text(object.get("object_key"))
				.raw("</code></td><td class=\"n\">")
				.text(Formats.count(object.get("row_count")))
				.raw("</td>")
				.open("td", "class", "n", "title", object.get("byte_size") + " bytes")
				.text(Formats.bytes(object.get("byte_size")))
				.raw("</td><td class=\"t\">")
				.text(object.get("min_id") + " – " + object.get("max_id"))
				.raw("</td>")
				.open("td", "title", object.get("sha256"))
				.element("code", String.valueOf(object.get("sha256")).substring(0, 12) + "…")
				.raw("</td><td class=\"t\">")
				.text(Formats.time(object.get("verified_at")))
				.raw("</td><td class=\"n\">")
				.text(Formats.count(object.get("rows_deleted")))
				.raw("</td><td>");
			if (object.get("finding") != null) {
				body.element("span", object.get("finding"), "class", "status s-FAILED")
					.text(" " + object.get("finding_detail") + " (")
					.link(ExecutionPage.path(object.get("finding_execution_id")),
							"archive-verify " + object.get("finding_execution_id"))
					.text(")");
			}
			body.raw("</td></tr>");
		}
		body.raw("</tbody></table>");
		if (objects.size() == OBJECTS_SHOWN) {
			body.element("p", "The first " + OBJECTS_SHOWN + " objects are shown.", "class", "muted");
		}
		return new Page(200, "Archived by execution " + executionId, body);
	}

	/** One row per archiving execution (also on the execution page). */
	static void runsTable(Html body, List<Map<String, Object>> runs) {
		body.raw("<table id=\"archive-runs\"><thead><tr><th class=\"n\">Execution</th><th>Job</th><th>Status</th>"
				+ "<th>Datasets</th><th class=\"n\">Objects</th><th class=\"n\">Rows</th><th class=\"n\">Bytes</th>"
				+ "<th class=\"n\">Rows deleted</th><th>Last verified (UTC)</th>"
				+ "<th class=\"n\">Objects with findings</th>"
				+ "<th></th></tr></thead><tbody>");
		for (Map<String, Object> run : runs) {
			Object id = run.get("execution_id");
			long findings = ((Number) run.get("objects_with_findings")).longValue();
			body.raw("<tr><td class=\"n\">")
				.link(ExecutionPage.path(id), id)
				.raw("</td><td>")
				.text(run.get("job"))
				.raw("</td><td>")
				.element("span", run.get("status"), "class", "status s-" + run.get("status"))
				.raw("</td><td>")
				.text(run.get("datasets"))
				.raw("</td><td class=\"n\">")
				.text(Formats.count(run.get("objects")))
				.raw("</td><td class=\"n\">")
				.text(Formats.count(run.get("row_count")))
				.raw("</td>")
				.open("td", "class", "n", "title", run.get("byte_size") + " bytes")
				.text(Formats.bytes(run.get("byte_size")))
				.raw("</td><td class=\"n\">")
				.text(Formats.count(run.get("rows_deleted")))
				.raw("</td><td class=\"t\">")
				.text(Formats.time(run.get("last_verified")))
				.raw("</td><td class=\"n\">")
				.element("span", findings, "class", (findings > 0) ? "status s-FAILED" : null)
				.raw("</td><td>")
				.link(objectsPath(id), "objects")
				.raw("</td></tr>");
		}
		body.raw("</tbody></table>");
	}

}
