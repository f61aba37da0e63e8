package io.flowbatch.devtools;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.flowbatch.cli.CliException;
import io.flowbatch.cli.VerbProvider;
import io.flowbatch.cli.ExitCode;
import io.flowbatch.cli.VerbContext;
import io.flowbatch.devtools.demo.DemoCommand;
import io.flowbatch.devtools.generate.GenerateCommand;
import io.flowbatch.devtools.generate.GenerationOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo} and {@code generate}: developer tools, registered with the command line as verbs
 * ({@code META-INF/services/io.flowbatch.cli.VerbProvider}). They depend on the CLI; the CLI does not depend on them.
 */
public class DeveloperTools implements VerbProvider {

	@Override
	public Map<String, Object> commands(VerbContext context) {
		Map<String, Object> commands = new LinkedHashMap<>();
		commands.put("demo", new Demo(context));
		commands.put("generate", new Generate(context));
		return commands;
	}

	@Command(name = "demo", description = { "The whole product on an embedded PostgreSQL and S3 server.",
			"Needs the demo's libraries (target/demo-lib), which './flowbatch demo' adds; the production jar has none." })
	static final class Demo implements Callable<Integer> {

		private final VerbContext context;

		@Option(names = { "-h", "--help" }, usageHelp = true, description = "this help")
		boolean help;

		Demo(VerbContext context) {
			this.context = context;
		}

		@Override
		public Integer call() throws Exception {
			try {
				return new DemoCommand(this.context.out(), this.context.err()).run();
			}
			catch (NoClassDefFoundError ex) {
				// The production jar leaves the demo's libraries out; the build puts them in target/demo-lib.
				throw new CliException(ExitCode.USAGE, "this jar does not carry the demo's libraries ("
						+ ex.getMessage() + " is missing); run './flowbatch demo' in a clone of the repository");
			}
		}

	}

	@Command(name = "generate", description = "Synthetic, mutually consistent workload for demos and benchmarks.")
	static final class Generate implements Callable<Integer> {

		private final VerbContext context;

		@Option(names = { "-h", "--help" }, usageHelp = true, description = "this help")
		boolean help;

		@Option(names = "--teams", paramLabel = "N", description = "teams (default 8)")
		String teams;

		@Option(names = "--flow-items", paramLabel = "N", description = "flow items (default 10,000)")
		String flowItems;

		@Option(names = "--webhooks", paramLabel = "N", description = "webhook events (default 50,000)")
		String webhooks;

		@Option(names = "--days", paramLabel = "N", description = "days of history ending today (default 120)")
		String days;

		@Option(names = "--seed", paramLabel = "N", description = "random seed; one generation per seed")
		String seed;

		Generate(VerbContext context) {
			this.context = context;
		}

		@Override
		public Integer call() {
			Map<String, String> given = new LinkedHashMap<>();
			put(given, "teams", this.teams);
			put(given, "flow-items", this.flowItems);
			put(given, "webhooks", this.webhooks);
			put(given, "days", this.days);
			put(given, "seed", this.seed);
			GenerationOptions options = GenerateCommand.options(given);
			return this.context
				.inApplicationContext((application) -> GenerateCommand.in(application).generate(options))
				.code();
		}

		private static void put(Map<String, String> given, String name, String value) {
			if (value != null) {
				given.put(name, value);
			}
		}

	}

}
