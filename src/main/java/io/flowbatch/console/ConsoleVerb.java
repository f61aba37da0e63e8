package io.flowbatch.console;

import java.util.Map;
import java.util.concurrent.Callable;

import io.flowbatch.cli.VerbProvider;
import io.flowbatch.cli.VerbContext;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Registers {@code flowbatch console} with the command line through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.flowbatch.cli.VerbProvider}), as the developer tools are: the console depends on the
 * CLI's pieces (exit codes, the history filters, the schema check), so the CLI must not depend on the console.
 */
public class ConsoleVerb implements VerbProvider {

	@Override
	public Map<String, Object> commands(VerbContext context) {
		return Map.of("console", new WebConsole(context));
	}

	@Command(name = "console", description = {
			"A read-only web console: history, executions, archives, backups, restore and PITR tests with their RTO.",
			"Listens on 127.0.0.1:8080, this machine only, unless --bind says otherwise. With FLOWBATCH_CONSOLE_USER",
			"and FLOWBATCH_CONSOLE_PASSWORD both set, every page asks for them (HTTP basic authentication; put TLS",
			"in front when it leaves this machine). It reads over a read-only database connection, does not migrate,",
			"and answers only GET and HEAD. SIGTERM or Ctrl-C stops it." })
	static final class WebConsole implements Callable<Integer> {

		private final VerbContext context;

		@Option(names = { "-h", "--help" }, usageHelp = true, description = "this help")
		boolean help;

		@Option(names = "--bind", paramLabel = "HOST:PORT",
				description = "where to listen (also PORT, [IPv6]:PORT); default 127.0.0.1:8080")
		@Nullable String bind;

		WebConsole(VerbContext context) {
			this.context = context;
		}

		@Override
		public Integer call() {
			return ConsoleCommand.serve(this.bind, System.getenv(), this.context.out(), this.context.err()).code();
		}

	}

}
