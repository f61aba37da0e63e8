package io.flowbatch.devtools.generate;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import io.flowbatch.cli.CliException;
import io.flowbatch.cli.CliOutput;
import io.flowbatch.cli.ExitCode;

import org.springframework.context.ApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;

/**
 * {@code flowbatch generate}: checks the options before anything connects, runs the generator, prints what it did.
 * Built for the verb ({@link #in}), not a bean: the product's context carries no developer tool.
 */
public final class GenerateCommand {

	/** Beyond this a count is a typo, not a benchmark. */
	private static final long LARGEST_COUNT = 100_000_000;

	/** Every team is one row of one batch, and the largest real organisations have a few thousand. */
	private static final long MOST_TEAMS = 10_000;

	/** A century: timestamps further back are no workload anyone measures. */
	private static final long LONGEST_WINDOW_DAYS = 36_500;

	private final WorkloadGenerator generator;

	private final CliOutput output;

	private GenerateCommand(WorkloadGenerator generator, CliOutput output) {
		this.generator = generator;
		this.output = output;
	}

	/** The command over the database and output of {@code application}, the context started for the verb. */
	public static GenerateCommand in(ApplicationContext application) {
		return new GenerateCommand(new WorkloadGenerator(application.getBean(DataSource.class)),
				application.getBean(CliOutput.class));
	}

	/** @param options the command line's {@code --name value} options, their names already checked */
	public static GenerationOptions options(Map<String, String> options) {
		return new GenerationOptions((int) count(options, "teams", GenerationOptions.DEFAULT_TEAMS, 1, MOST_TEAMS),
				(int) count(options, "flow-items", GenerationOptions.DEFAULT_FLOW_ITEMS, 0, LARGEST_COUNT),
				(int) count(options, "webhooks", GenerationOptions.DEFAULT_WEBHOOKS, 0, LARGEST_COUNT),
				(int) count(options, "days", GenerationOptions.DEFAULT_DAYS, 1, LONGEST_WINDOW_DAYS),
				count(options, "seed", GenerationOptions.DEFAULT_SEED, 0, Long.MAX_VALUE), Instant.now());
	}

	public ExitCode generate(GenerationOptions options) {
		GenerationReport report;
		try {
			report = this.generator.generate(options);
		}
		catch (SeedAlreadyGeneratedException ex) {
			throw new CliException(ExitCode.USAGE, ex.getMessage());
		}
		catch (DataAccessException ex) {
			String cause = String.valueOf(NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
			throw new CliException(ExitCode.INTERNAL_ERROR,
					"generate failed, nothing was committed: " + cause.lines().findFirst().orElse("").strip());
		}
		PrintStream out = this.output.out();
		out.printf("Generated seed %d: %d days ending %s, in %.1f s%n", options.seed(), options.days(), options.end(),
				report.elapsed().toMillis() / 1000.0);
		out.printf("  %-18s %,13d new%n", "teams", report.newTeams());
		out.printf("  %-18s %,13d%n", "flow_items", report.flowItems());
		out.printf("  %-18s %,13d%n", "stage_transitions", report.stageTransitions());
		out.printf("  %-18s %,13d%n", "stage_metrics", report.stageMetrics());
		out.printf("  %-18s %,13d  (%,.1f MB of payload)%n", "webhook_events", report.webhookEvents(),
				report.webhookPayloadBytes() / 1e6);
		out.printf("  %-18s %,13d  (%,d rows/s)%n", "total", report.totalRows(), report.rowsPerSecond());
		return ExitCode.OK;
	}

	private static long count(Map<String, String> options, String name, long defaultValue, long min, long max) {
		String raw = options.get(name);
		if (raw == null) {
			return defaultValue;
		}
		try {
			long value = Long.parseLong(raw.strip());
			if (value >= min && value <= max) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new CliException(ExitCode.USAGE, "--" + name + " must be a whole number from " + String.format("%,d", min)
				+ " to " + String.format("%,d", max) + ", got '" + raw + "'");
	}

}
