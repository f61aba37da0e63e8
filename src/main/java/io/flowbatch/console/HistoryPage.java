package io.flowbatch.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.flowbatch.cli.CliException;
import io.flowbatch.cli.HistoryQuery;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.BatchStatus;

/**
 * {@code /executions}: the job history with the filters of {@code flowbatch history} (job, since, status, limit) as
 * a GET form, so that a filtered view is a link an auditor can keep.
 */
final class HistoryPage {

	static final String PATH = "/executions";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int EXIT_TEXT_LENGTH = 140;

	private final ConsoleQueries queries;

	HistoryPage(ConsoleQueries queries) {
		this.queries = queries;
	}

	Page render(Map<String, String> filters) {
		Html body = new Html().element("h1", "Executions");
		HistoryQuery query;
		try {
			query = HistoryQuery.filters(filters.get("job"), filters.get("since"), filters.get("status"),
					filters.get("limit"));
		}
		catch (CliException ex) {
			form(body, filters);
			body.element("p", "The filters were not understood: " + ex.getMessage(), "class", "error");
			return new Page(400, "Executions", body);
		}
		form(body, filters);
		List<Map<String, Object>> rows = this.queries.history(query);
		body.open("p", "class", "muted")
			.text(rows.size() + " execution" + ((rows.size() != 1) ? "s" : "") + " created since "
					+ Formats.time(query.since()) + " UTC, newest first"
					+ ((rows.size() == query.limit()) ? " (the limit, " + query.limit() + ", was reached)" : ""))
			.close("p");
		if (rows.isEmpty()) {
			return new Page(200, "Executions", body);
		}
		body.raw("<table id=\"executions\"><thead><tr><th class=\"n\">Execution</th><th>Job</th><th>Status</th>"
				+ "<th>Started (UTC)</th><th>Duration</th><th>Parameters</th><th>Operator actions</th><th>Exit</th>"
				+ "</tr></thead><tbody>");
		for (Map<String, Object> row : rows) {
			long id = ((Number) row.get("execution_id")).longValue();
			body.raw("<tr><td class=\"n\">")
				.link(ExecutionPage.path(id), id)
				.raw("</td><td class=\"job\">")
				.link(Html.url(PATH, Map.of("job", row.get("job"))), row.get("job"))
				.raw("</td><td>")
				.element("span", row.get("status"), "class", "status s-" + row.get("status"))
				.raw("</td><td class=\"t\">")
				.text(Formats.time(row.get("started")))
				.raw("</td><td class=\"t\">")
				.text(Formats.duration(row.get("started"), row.get("ended")))
				.raw("</td><td><code>")
				.text(parameters((String) row.get("parameters")))
				.raw("</code></td><td>");
			for (Map<String, String> action : jsonRows((String) row.get("operator_actions"))) {
				body.element("div", action.get("action") + " by " + action.get("actor")
						+ ((action.get("reason") != null) ? ": " + action.get("reason") : ""));
			}
			body.raw("</td><td class=\"exit\">")
				.text(abbreviate(FailureText.of((String) row.get("exit_description"))))
				.raw("</td></tr>");
		}
		return new Page(200, "Executions", body.raw("</tbody></table>"));
	}

	private void form(Html body, Map<String, String> filters) {
		TreeSet<String> jobs = new TreeSet<>(this.queries.jobNames());
		if (filters.get("job") != null) {
			jobs.add(filters.get("job"));
		}
		body.open("form", "class", "filters", "method", "get", "action", PATH)
			.raw("<label>Job")
			.open("select", "name", "job")
			.element("option", "any job", "value", "");
		for (String job : jobs) {
			body.element("option", job, "value", job, "selected", job.equals(filters.get("job")) ? "selected" : null);
		}
		body.raw("</select></label><label>Since (age such as 7d, 12h, 30m, or a UTC date)")
			.open("input", "name", "since", "value", filters.get("since"), "placeholder", "30d", "size", "14")
			.raw("</label><label>Status")
			.open("select", "name", "status")
			.element("option", "any status", "value", "");
		for (BatchStatus status : BatchStatus.values()) {
			body.element("option", status.name(), "value", status.name(), "selected",
					status.name().equalsIgnoreCase(filters.get("status")) ? "selected" : null);
		}
		body.raw("</select></label><label>Limit")
			.open("input", "name", "limit", "value", filters.get("limit"), "placeholder", "100", "size", "6")
			.raw("</label><button type=\"submit\">Show</button>")
			.link(PATH, "reset")
			.close("form");
	}

	/** The stored parameters (a JSON array of name, type, value) as {@code name=value name=value}. */
	private static String parameters(String json) {
		List<String> pairs = new ArrayList<>();
		jsonRows(json).forEach((p) -> pairs.add(p.get("name") + "=" + ((p.get("value") != null) ? p.get("value") : "")));
		return String.join(" ", pairs);
	}

	/** A column holding a JSON array of objects (history.sql aggregates parameters and operator actions so). */
	private static List<Map<String, String>> jsonRows(String json) {
		return (json != null) ? JSON.readValue(json, new TypeReference<List<Map<String, String>>>() {
		}) : List.of();
	}

	private static String abbreviate(FailureText failure) {
		String text = failure.firstLine() + ((failure.rootCause() != null) ? " <- " + failure.rootCause() : "");
		return (text.length() > EXIT_TEXT_LENGTH) ? text.substring(0, EXIT_TEXT_LENGTH - 3) + "..." : text;
	}

}
