package io.flowbatch.cli;

import java.io.PrintStream;

import io.flowbatch.catalog.JobCatalog;
import io.flowbatch.catalog.JobDefinition;
import io.flowbatch.catalog.ParameterDefinition;

/** {@code flowbatch jobs}: every catalog job with its parameters. */
final class CatalogTable {

	private final JobCatalog catalog;

	CatalogTable(JobCatalog catalog) {
		this.catalog = catalog;
	}

	void print(PrintStream out) {
		for (JobDefinition job : this.catalog.jobs()) {
			print(job, out);
		}
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
