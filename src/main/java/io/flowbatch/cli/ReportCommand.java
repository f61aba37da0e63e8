package io.flowbatch.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.flowbatch.dataquality.DataQualityFindings;
import io.flowbatch.dbhealth.DbHealthFindings;

import org.springframework.stereotype.Component;

/**
 * {@code flowbatch report NAME [-o table|json|csv]}: the latest results a reporting job recorded, read from its tables.
 * Times are UTC (RFC 3339 in JSON).
 */
@Component
class ReportCommand {

	static final List<String> REPORTS = List.of("db-health", "data-quality");

	private final DataQualityFindings dataQuality;

	private final DbHealthFindings dbHealth;

	private final CliOutput output;

	private final ExecutionReports reports;

	ReportCommand(DataQualityFindings dataQuality, DbHealthFindings dbHealth, CliOutput output,
			ExecutionReports reports) {
		this.dataQuality = dataQuality;
		this.dbHealth = dbHealth;
		this.output = output;
		this.reports = reports;
	}

	/** Checks the report name before anything connects. */
	static void check(String report) {
		if (!REPORTS.contains(report)) {
			throw new CliException(ExitCode.USAGE,
					"unknown report '" + report + "'; the reports are: " + String.join(", ", REPORTS));
		}
	}

	ExitCode print(String report, OutputFormat format) {
		return report.equals("db-health") ? dbHealth(format) : dataQuality(format);
	}

	private ExitCode dbHealth(OutputFormat format) {
		PrintStream out = this.output.out();
		Optional<List<DbHealthFindings.Row>> latest = this.dbHealth.latest();
		if (format != OutputFormat.TABLE) {
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
			this.reports.print(rows, format);
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

	private ExitCode dataQuality(OutputFormat format) {
		PrintStream out = this.output.out();
		Optional<List<DataQualityFindings.RuleCount>> latest = this.dataQuality.latest();
		if (format != OutputFormat.TABLE) {
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
			this.reports.print(rows, format);
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
