package io.flowbatch.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.flowbatch.dataquality.DataQualityFindings;
import io.flowbatch.dbhealth.DbHealthFindings;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * {@code flowbatch report NAME [-o table|json]}: the latest results a reporting job recorded, read from its tables.
 * Times are UTC (RFC 3339 in JSON).
 */
@Component
class ReportCommand {

	static final List<String> REPORTS = List.of("db-health", "data-quality");

	enum Format {

		TABLE, JSON

	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DataQualityFindings dataQuality;

	private final DbHealthFindings dbHealth;

	private final CliOutput output;

	ReportCommand(DataQualityFindings dataQuality, DbHealthFindings dbHealth, CliOutput output) {
		this.dataQuality = dataQuality;
		this.dbHealth = dbHealth;
		this.output = output;
	}

	/** Checks the report name and output option before anything connects. */
	static Format check(String report, Map<String, String> options) {
		if (!REPORTS.contains(report)) {
			throw new CliException(ExitCode.USAGE,
					"unknown report '" + report + "'; the reports are: " + String.join(", ", REPORTS));
		}
		if (options.containsKey("format") && options.containsKey("output")) {
			throw new CliException(ExitCode.USAGE, "give --output (-o) or --format, not both");
		}
		String raw = options.getOrDefault("output", options.getOrDefault("format", "table"));
		try {
			return Format.valueOf(raw.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new CliException(ExitCode.USAGE, "--output (-o) must be table or json, got '" + raw + "'");
		}
	}

	ExitCode print(String report, Format format) {
		return report.equals("db-health") ? dbHealth(format) : dataQuality(format);
	}

	private ExitCode dbHealth(Format format) {
		PrintStream out = this.output.out();
		Optional<List<DbHealthFindings.Row>> latest = this.dbHealth.latest();
		if (format == Format.JSON) {
			List<Map<String, Object>> rows = latest.orElse(List.of()).stream().map((finding) -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("section", finding.section());
				row.put("subject", finding.subject());
				row.put("value", finding.value());
				row.put("detail", finding.detail());
				row.put("recordedAt", ExecutionReports.rfc3339(finding.recordedAt()));
				row.put("executionId", finding.executionId());
				return row;
			}).toList();
			out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rows));
			return ExitCode.OK;
		}
		if (latest.isEmpty()) {
			out.println("No db-health run has recorded findings yet ('flowbatch run db-health').");
			return ExitCode.OK;
		}
		DbHealthFindings.Row first = latest.get().get(0);
		out.println("db-health, execution " + first.executionId() + ", recorded "
				+ ExecutionReports.time(first.recordedAt()) + " UTC");
		TextTable table = new TextTable("SECTION", "SUBJECT", "VALUE", "DETAIL");
		for (DbHealthFindings.Row finding : latest.get()) {
			table.row(finding.section(), finding.subject(), number(finding.value()), finding.detail());
		}
		table.print(out, "");
		return ExitCode.OK;
	}

	private static String number(Double value) {
		if (value == null) {
			return "-";
		}
		return (value == Math.rint(value) && Math.abs(value) < 1e15) ? Long.toString(value.longValue())
				: String.format(Locale.ROOT, "%.3f", value);
	}

	private ExitCode dataQuality(Format format) {
		PrintStream out = this.output.out();
		Optional<List<DataQualityFindings.RuleCount>> latest = this.dataQuality.latest();
		if (format == Format.JSON) {
			List<Map<String, Object>> rows = latest.orElse(List.of()).stream().map((count) -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("rule", count.rule());
				row.put("description", count.description());
				row.put("findings", count.findings());
				row.put("previous", count.previous());
				row.put("growth", count.growth());
				row.put("sampleIds", count.sampleIds());
				row.put("checkedAt", ExecutionReports.rfc3339(count.checkedAt()));
				row.put("executionId", count.executionId());
				return row;
			}).toList();
			out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rows));
			return ExitCode.OK;
		}
		if (latest.isEmpty()) {
			out.println("No data-quality run has recorded findings yet ('flowbatch run data-quality').");
			return ExitCode.OK;
		}
		DataQualityFindings.RuleCount first = latest.get().get(0);
		out.println("data-quality, execution " + first.executionId() + ", checked " + ExecutionReports.time(first.checkedAt())
				+ " UTC");
		TextTable table = new TextTable("RULE", "FINDINGS", "PREVIOUS", "SAMPLE IDS");
		for (DataQualityFindings.RuleCount count : latest.get()) {
			table.row(count.rule(), count.findings(), (count.previous() != null) ? count.previous() : "-",
					String.join(" ", count.sampleIds()));
		}
		table.print(out, "");
		return ExitCode.OK;
	}

}
