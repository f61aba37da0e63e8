package io.flowbatch.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.flowbatch.catalog.JobCatalog;
import io.flowbatch.catalog.JobDefinition;
import io.flowbatch.catalog.ParameterDefinition;
import tools.jackson.databind.json.JsonMapper;

/** {@code flowbatch jobs}: every catalog job with its parameters. */
final class CatalogTable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JobCatalog catalog;

	CatalogTable(JobCatalog catalog) {
		this.catalog = catalog;
	}

	void print(PrintStream out, OutputFormat format) {
		switch (format) {
			case TABLE -> this.catalog.jobs().forEach((job) -> print(job, out));
			case JSON -> out.println(JSON.writerWithDefaultPrettyPrinter()
				.writeValueAsString(this.catalog.jobs().stream().map(CatalogTable::json).toList()));
			case CSV -> {
				out.println("job,parameter,type,default,bounds,identifying,description");
				for (JobDefinition job : this.catalog.jobs()) {
					for (ParameterDefinition parameter : job.parameters()) {
						out.println(Stream
							.of(job.name(), parameter.name(), parameter.type().catalogName(),
									parameter.required() ? "" : parameter.defaultValue(), parameter.bounds(),
									parameter.identifying(), parameter.description())
							.map(ExecutionReports::csv)
							.collect(Collectors.joining(",")));
					}
				}
			}
		}
	}

	private static Map<String, Object> json(JobDefinition job) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("name", job.name());
		json.put("description", job.description());
		json.put("parameters", job.parameters().stream().map((parameter) -> {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("name", parameter.name());
			row.put("type", parameter.type().catalogName());
			row.put("required", parameter.required());
			row.put("default", parameter.required() ? null : parameter.defaultValue());
			row.put("bounds", parameter.bounds());
			row.put("identifying", parameter.identifying());
			row.put("description", parameter.description());
			return row;
		}).toList());
		return json;
	}


	static void print(JobDefinition job, PrintStream out) {
		out.println(job.name() + " - " + job.description());
		if (job.parameters().isEmpty()) {
			out.println("  (no parameters)");
		}
		else {
			TextTable table = new TextTable("PARAMETER", "TYPE", "DEFAULT", "BOUNDS", "IDENTIFYING", "DESCRIPTION");
			for (ParameterDefinition parameter : job.parameters()) {
				table.row(parameter.name(), parameter.type().catalogName(),
						parameter.required() ? "(required)" : parameter.defaultValue(), parameter.bounds(),
						parameter.identifying() ? "yes" : "no", parameter.description());
			}
			table.print(out, "  ");
		}
		out.println();
	}

}
