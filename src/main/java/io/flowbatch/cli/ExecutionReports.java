package io.flowbatch.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import io.flowbatch.audit.OperatorAction;
import io.flowbatch.audit.OperatorActions;
import io.flowbatch.sql.SqlFiles;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** {@code status} and {@code history}: what ran, with which parameters, how it ended. Times are UTC. */
@Component
class ExecutionReports {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private static final String HISTORY_SQL = SqlFiles.read("queries/history.sql");

	private static final List<String> HISTORY_COLUMNS = List.of("executionId", "job", "status", "exitCode", "started",
			"ended", "durationSeconds", "parameters", "startedBy", "exitDescription", "operatorActions");

	private static final List<String> STEP_COLUMNS = List.of("executionId", "step", "status", "read", "written",
			"filtered", "skipped", "commits", "rollbacks", "started", "ended", "durationSeconds", "exitDescription");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final CliOutput output;

	private final OperatorActions operatorActions;

	private final JobRepository jobRepository;

	ExecutionReports(JdbcClient jdbc, CliOutput output, OperatorActions operatorActions, JobRepository jobRepository) {
		this.jdbc = jdbc;
		this.output = output;
		this.operatorActions = operatorActions;
		this.jobRepository = jobRepository;
	}

	/** {@code flowbatch status ID [-o table|json|csv]}; CSV has a row per step. */
	ExitCode status(long executionId, OutputFormat format) {
		JobExecution execution;
		try {
			execution = this.jobRepository.getJobExecution(executionId);
		}
		catch (EmptyResultDataAccessException ex) {
			// Spring Batch 6.0's JDBC DAO throws here rather than returning null for an unknown id.
			execution = null;
		}
		if (execution == null) {
			throw new CliException(ExitCode.USAGE, "no execution with id " + executionId);
		}
		return switch (format) {
			case TABLE -> status(execution);
			case JSON -> {
				this.output.out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(detail(execution)));
				yield ExitCode.OK;
			}
			case CSV -> {
				printCsv(STEP_COLUMNS, steps(execution));
				yield ExitCode.OK;
			}
		};
	}

	/** An execution as the JSON of {@code status -o json}: its steps and the instance's operator actions inside. */
	private Map<String, Object> detail(JobExecution execution) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("executionId", execution.getId());
		detail.put("job", execution.getJobInstance().getJobName());
		detail.put("instanceId", execution.getJobInstance().getInstanceId());
		detail.put("status", execution.getStatus().name());
		detail.put("exitCode", execution.getExitStatus().getExitCode());
		detail.put("started", rfc3339(execution.getStartTime()));
		detail.put("ended", rfc3339(execution.getEndTime()));
		detail.put("durationSeconds", durationSeconds(execution.getStartTime(), execution.getEndTime()));
		Map<String, Object> parameters = new java.util.TreeMap<>();
		execution.getJobParameters()
			.parameters()
			.forEach((parameter) -> parameters.put(parameter.name(), parameter.value()));
		detail.put("parameters", parameters);
		detail.put("exitDescription", failureSummary(execution.getExitStatus().getExitDescription()));
		detail.put("steps", steps(execution));
		detail.put("operatorActions", this.operatorActions.ofInstance(execution.getJobInstance().getInstanceId())
			.stream()
			.map((action) -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("executionId", action.executionId());
				row.put("action", action.action());
				row.put("at", action.actedAt().withOffsetSameInstant(ZoneOffset.UTC).toString());
				row.put("actor", action.actor());
				row.put("host", action.host());
				row.put("version", action.version());
				row.put("reason", action.reason());
				return row;
			})
			.toList());
		return detail;
	}

	private static List<Map<String, Object>> steps(JobExecution execution) {
		return execution.getStepExecutions()
			.stream()
			.sorted(java.util.Comparator.comparing(StepExecution::getId))
			.map((step) -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("executionId", execution.getId());
				row.put("step", step.getStepName());
				row.put("status", step.getStatus().name());
				row.put("read", step.getReadCount());
				row.put("written", step.getWriteCount());
				row.put("filtered", step.getFilterCount());
				row.put("skipped", step.getSkipCount());
				row.put("commits", step.getCommitCount());
				row.put("rollbacks", step.getRollbackCount());
				row.put("started", rfc3339(step.getStartTime()));
				row.put("ended", rfc3339(step.getEndTime()));
				row.put("durationSeconds", durationSeconds(step.getStartTime(), step.getEndTime()));
				row.put("exitDescription", failureSummary(step.getExitStatus().getExitDescription()));
				return row;
			})
			.toList();
	}

	private void printCsv(List<String> columns, List<Map<String, Object>> rows) {
		PrintStream out = this.output.out();
		out.println(String.join(",", columns));
		rows.forEach((row) -> out.println(columns.stream()
			.map((column) -> csv((row.get(column) instanceof Map || row.get(column) instanceof List)
					? JSON.writeValueAsString(row.get(column)) : row.get(column)))
			.collect(Collectors.joining(","))));
	}

	ExitCode status(JobExecution execution) {
		PrintStream out = this.output.out();
		out.println("Execution " + execution.getId() + " of job " + execution.getJobInstance().getJobName()
				+ " (instance " + execution.getJobInstance().getInstanceId() + ")");
		out.println("  status       " + execution.getStatus() + " (exit code " + execution.getExitStatus().getExitCode()
				+ ")");
		out.println("  parameters   " + parameters(execution));
		out.println("  started      " + time(execution.getStartTime()) + " UTC");
		out.println("  ended        " + time(execution.getEndTime()) + (execution.getEndTime() != null ? " UTC" : ""));
		out.println("  duration     " + duration(execution.getStartTime(), execution.getEndTime()));
		String description = failureSummary(execution.getExitStatus().getExitDescription());
		if (!description.isEmpty()) {
			out.println("  exit         " + description);
		}
		List<StepExecution> steps = execution.getStepExecutions()
			.stream()
			.sorted(java.util.Comparator.comparing(StepExecution::getId))
			.toList();
		if (!steps.isEmpty()) {
			out.println("  steps");
			TextTable table = new TextTable("STEP", "STATUS", "READ", "WRITTEN", "FILTERED", "SKIPPED", "COMMITS",
					"ROLLBACKS", "DURATION");
			for (StepExecution step : steps) {
				table.row(step.getStepName(), step.getStatus(), step.getReadCount(), step.getWriteCount(),
						step.getFilterCount(), step.getSkipCount(), step.getCommitCount(), step.getRollbackCount(),
						duration(step.getStartTime(), step.getEndTime()));
			}
			table.print(out, "    ");
			for (StepExecution step : steps) {
				String note = failureSummary(step.getExitStatus().getExitDescription());
				if (note.isEmpty()) {
					continue;
				}
				boolean completed = step.getStatus().name().equals("COMPLETED");
				out.println("    " + (completed ? "" : "failure in ") + step.getStepName() + ": " + note);
			}
		}
		List<OperatorAction> actions = this.operatorActions.ofInstance(execution.getJobInstance().getInstanceId());
		if (!actions.isEmpty()) {
			out.println("  operator actions (this job instance)");
			TextTable table = new TextTable("WHEN (UTC)", "ACTION", "EXECUTION", "BY", "HOST", "VERSION", "REASON");
			for (OperatorAction action : actions) {
				table.row(time(action.actedAt().atZoneSameInstant(ZoneOffset.UTC).toLocalDateTime()), action.action(),
						action.executionId(), action.actor(), action.host(), action.version(),
						Objects.requireNonNullElse(action.reason(), ""));
			}
			table.print(out, "    ");
		}
		return ExitCode.OK;
	}

	ExitCode history(HistoryQuery query) {
		List<Map<String, Object>> rows = this.jdbc.sql(HISTORY_SQL)
			.param("since", query.since())
			.param("job", query.job())
			.param("status", query.status())
			.param("limit", query.limit())
			.query((rs, rowNum) -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("executionId", rs.getLong("execution_id"));
				row.put("job", rs.getString("job"));
				row.put("status", rs.getString("status"));
				row.put("exitCode", rs.getString("exit_code"));
				LocalDateTime started = toLocal(rs.getTimestamp("started"));
				LocalDateTime ended = toLocal(rs.getTimestamp("ended"));
				row.put("started", rfc3339(started));
				row.put("ended", rfc3339(ended));
				row.put("durationSeconds", durationSeconds(started, ended));
				row.put("parameters", TypedParameters.fromJson(rs.getString("parameters")));
				List<Map<String, Object>> actions = operatorActions(rs.getString("operator_actions"));
				row.put("startedBy", startedBy(actions));
				row.put("exitDescription", failureSummary(rs.getString("exit_description")));
				row.put("operatorActions", actions);
				return row;
			})
			.list();
		PrintStream out = this.output.out();
		switch (query.format()) {
			case JSON -> out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rows));
			case CSV -> printCsv(HISTORY_COLUMNS, rows);
			case TABLE -> {
				TextTable table = new TextTable("ID", "JOB", "STATUS", "STARTED (UTC)", "DURATION", "BY", "PARAMETERS",
						"EXIT");
				rows.forEach((row) -> table.row(row.get("executionId"), row.get("job"), row.get("status"),
						time(toLocal((String) row.get("started"))),
						duration(toLocal((String) row.get("started")), toLocal((String) row.get("ended"))),
						Objects.requireNonNullElse(row.get("startedBy"), "-"), TypedParameters.inline(parameterMap(row)),
						abbreviate((String) row.get("exitDescription"))));
				table.print(out, "");
			}
		}
		return ExitCode.OK;
	}

	/** The actions as JSON objects with RFC 3339 times; an empty list for executions started before V14. */
	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> operatorActions(String json) {
		if (json == null) {
			return List.of();
		}
		List<Map<String, Object>> actions = JSON.readValue(json, List.class);
		actions.forEach((action) -> action.computeIfPresent("at",
				(key, at) -> OffsetDateTime.parse((String) at).withOffsetSameInstant(ZoneOffset.UTC).toString()));
		return actions;
	}

	/** Who ran or restarted the execution (its first action); null for executions from before actions were kept. */
	private static String startedBy(List<Map<String, Object>> actions) {
		return actions.stream()
			.filter((action) -> List.of("run", "restart").contains(action.get("action")))
			.map((action) -> (String) action.get("actor"))
			.findFirst()
			.orElse(null);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> parameterMap(Map<String, Object> row) {
		return (Map<String, Object>) row.get("parameters");
	}

	/** RFC 3339 with its offset: batch metadata times are UTC (the CLI sets the JVM's zone to UTC). */
	static String rfc3339(LocalDateTime time) {
		return (time != null) ? time.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC).toString() : null;
	}

	private static LocalDateTime toLocal(String rfc3339) {
		return (rfc3339 != null) ? OffsetDateTime.parse(rfc3339).toLocalDateTime() : null;
	}

	/** Seconds with millisecond precision; a running execution's so far; null before it started. */
	static BigDecimal durationSeconds(LocalDateTime start, LocalDateTime end) {
		if (start == null) {
			return null;
		}
		Duration duration = Duration.between(start, (end != null) ? end : LocalDateTime.now());
		return BigDecimal.valueOf(duration.toMillis(), 3);
	}

	private static String parameters(JobExecution execution) {
		return execution.getJobParameters()
			.parameters()
			.stream()
			.sorted(java.util.Comparator.comparing(JobParameter::name))
			.map((p) -> p.name() + "=" + p.value() + (p.identifying() ? "" : " (non-identifying)"))
			.collect(Collectors.joining(", "));
	}

	private static LocalDateTime toLocal(java.sql.Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime() : null;
	}

	static String time(LocalDateTime time) {
		return (time != null) ? TIME.format(time) : "-";
	}

	static String duration(LocalDateTime start, LocalDateTime end) {
		if (start == null) {
			return "-";
		}
		Duration duration = Duration.between(start, (end != null) ? end : LocalDateTime.now());
		return String.format("%02d:%02d:%02d%s", duration.toHours(), duration.toMinutesPart(),
				duration.toSecondsPart(), (end != null) ? "" : " (running)");
	}

	private static String firstLine(String text) {
		return (text == null) ? "" : text.lines().findFirst().orElse("").strip();
	}

	/**
	 * An exit description is often a whole stack trace; ops need its first line and, when it wraps another
	 * exception, the innermost cause, which usually names the bad record.
	 */
	static String failureSummary(String description) {
		String first = firstLine(description);
		String rootCause = (description == null) ? null : description.lines()
			.filter((line) -> line.startsWith("Caused by: "))
			.reduce((earlier, later) -> later)
			.map((line) -> line.substring("Caused by: ".length()).strip())
			.orElse(null);
		return (rootCause != null && !rootCause.equals(first)) ? first + " <- " + rootCause : first;
	}

	private static String abbreviate(String text) {
		String line = firstLine(text);
		return (line.length() > 60) ? line.substring(0, 57) + "..." : line;
	}

	static String csv(Object value) {
		String text = (value != null) ? value.toString() : "";
		return (text.contains(",") || text.contains("\"") || text.contains("\n"))
				? "\"" + text.replace("\"", "\"\"") + "\"" : text;
	}

}
