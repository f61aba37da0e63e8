package io.flowbatch.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

import io.flowbatch.catalog.JobCatalog;
import io.flowbatch.catalog.JobDefinition;
import io.flowbatch.config.FlowbatchVersion;
import org.jspecify.annotations.Nullable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The verbs, as picocli commands. Each checks its command line (shape, job name, parameters) before anything connects,
 * then hands the work to the bean that does it, in the application context the verb needs: the whole application
 * for verbs that run or change executions, a read-only pool for the verbs that only read.
 */
final class Verbs {

	static final String EXIT_CODES = "Exit codes: 0 ok, 1 job failed, 2 bad command line, 3 database unreachable,%n"
			+ "4 S3 unreachable, 5 job stopped, 6 already running, 7 broker unreachable, 70 internal error.";

	private Verbs() {
	}

	/** The command line of {@code flowbatch}, its help pages and the developer tools' verbs included. */
	static CommandLine commandLine(FlowbatchCommandLine cli) {
		CommandLine commandLine = new CommandLine(new Root(cli));
		for (VerbProvider tools : ServiceLoader.load(VerbProvider.class)) {
			tools.commands(cli).forEach(commandLine::addSubcommand);
		}
		commandLine.setExpandAtFiles(false);
		commandLine.setUsageHelpWidth(110);
		for (CommandLine verb : commandLine.getSubcommands().values()) {
			verb.getCommandSpec()
				.usageMessage()
				.synopsisHeading("usage: ")
				.descriptionHeading("%n")
				.optionListHeading("%nOptions:%n")
				.footerHeading("%n")
				.footer(EXIT_CODES);
		}
		commandLine.getCommandSpec()
			.usageMessage()
			.synopsisHeading("usage: ")
			.customSynopsis("flowbatch VERB [ARGS]   (flowbatch help VERB, or VERB --help, for one verb)")
			.commandListHeading("%nVerbs:%n")
			.footerHeading("%n")
			.footer(EXIT_CODES);
		return commandLine;
	}

	@Command(name = "flowbatch", versionProvider = Version.class,
			description = "Restartable batch jobs that keep the flow-metrics database healthy.",
			subcommands = { Jobs.class, Run.class, Restart.class, Stop.class, Abandon.class, Recover.class,
					Status.class, History.class, Report.class, Migrate.class, Namespace.class, Worker.class, Completion.class, HelpCommand.class,
					VersionVerb.class })
	static final class Root implements Callable<Integer> {

		final FlowbatchCommandLine cli;

		@Option(names = { "-h", "--help" }, usageHelp = true, description = "this text")
		boolean help;

		@Option(names = "--version", versionHelp = true, description = "flowbatch's version")
		boolean version;

		Root(FlowbatchCommandLine cli) {
			this.cli = cli;
		}

		@Override
		public Integer call() {
			throw new CliException(ExitCode.USAGE, "no command given; try 'flowbatch help'");
		}

	}

	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			return new String[] { "flowbatch " + FlowbatchVersion.current() };
		}

	}

	/** {@code -h}, {@code --help} on every verb. */
	static final class HelpOption {

		@Option(names = { "-h", "--help" }, usageHelp = true, description = "this help")
		boolean help;

	}

	/** {@code -o table|json|csv}; {@code --format} is its older spelling. */
	static final class OutputOption {

		@Option(names = { "-o", "--output" }, paramLabel = "FORMAT", description = "table (default), json or csv")
		@Nullable String output;

		@Option(names = "--format", hidden = true)
		@Nullable String format;

		OutputFormat value() {
			if (this.output != null && this.format != null) {
				throw new CliException(ExitCode.USAGE, "give --output (-o) or --format, not both");
			}
			return OutputFormat.parse((this.output != null) ? this.output
					: (this.format != null) ? this.format : "table");
		}

	}

	/** {@code --reason TEXT}, recorded with the action in {@code operator_actions}. */
	static final class ReasonOption {

		private static final int MAX_LENGTH = 1000;

		@Option(names = "--reason", paramLabel = "TEXT",
				description = "why, recorded with who, host and version in operator_actions")
		@Nullable String reason;

		@Nullable String value() {
			if (this.reason == null) {
				return null;
			}
			String stripped = this.reason.strip();
			if (stripped.isEmpty() || stripped.length() > MAX_LENGTH) {
				throw new CliException(ExitCode.USAGE,
						"--reason must be 1 to " + MAX_LENGTH + " characters, got " + stripped.length());
			}
			return stripped;
		}

	}

	/** The catalog's job names, for shell completion. */
	static final class JobNames implements Iterable<String> {

		@Override
		public java.util.Iterator<String> iterator() {
			return JobCatalog.fromClasspath().names().iterator();
		}

	}

	@Command(name = "jobs", description = "The job catalog: names, descriptions, parameters, types, defaults, bounds.")
	static final class Jobs implements Callable<Integer> {

		@ParentCommand
		Root root;

		@Mixin
		HelpOption help;

		@Mixin
		OutputOption output;

		@Override
		public Integer call() {
			new CatalogTable(JobCatalog.fromClasspath()).print(this.root.cli.out(), this.output.value());
			return ExitCode.OK.code();
		}

	}

	@Command(name = "run", customSynopsis = "flowbatch run JOB [name=value ...] [--reason TEXT]",
			description = { "Validate, start, follow; prints the execution id first.",
					"Parameters are checked against the catalog before anything connects; 'flowbatch run JOB --help'",
					"lists a job's parameters, types, defaults and bounds. Recorded in operator_actions." })
	static final class Run implements Callable<Integer> {

		@ParentCommand
		Root root;

		@Spec
		CommandSpec spec;

		@Option(names = { "-h", "--help" }, description = "this help; after JOB, the job's parameters")
		boolean help;

		@Mixin
		ReasonOption reason;

		@Parameters(index = "0", arity = "0..1", paramLabel = "JOB", completionCandidates = JobNames.class,
				description = "a job of the catalog (flowbatch jobs)")
		@Nullable String job;

		@Parameters(index = "1..*", paramLabel = "name=value", description = "the job's parameters")
		List<String> parameters = new ArrayList<>();

		@Override
		public Integer call() {
			JobCatalog catalog = JobCatalog.fromClasspath();
			if (this.help && this.job == null) {
				this.spec.commandLine().usage(this.root.cli.out());
				return ExitCode.OK.code();
			}
			if (this.job == null) {
				throw new CliException(ExitCode.USAGE, "'run' needs a job name; the jobs are: "
						+ String.join(", ", catalog.names()));
			}
			JobDefinition definition = catalog.find(this.job)
				.orElseThrow(() -> new CliException(ExitCode.USAGE, "unknown job '" + this.job + "'; the jobs are: "
						+ String.join(", ", catalog.names())));
			if (this.help) {
				this.root.cli.out().println("usage: flowbatch run " + this.job + " [name=value ...] [--reason TEXT]");
				this.root.cli.out().println();
				CatalogTable.print(definition, this.root.cli.out());
				this.root.cli.out().printf(EXIT_CODES + "%n");
				return ExitCode.OK.code();
			}
			Map<String, String> given = jobParameters(this.parameters);
			String why = this.reason.value();
			Preflight.check(definition, given);
			return this.root.cli.inApplicationContext(
					(context) -> context.getBean(OperatorCommands.class).run(this.job, given, why))
				.code();
		}

		private static Map<String, String> jobParameters(List<String> arguments) {
			Map<String, String> parameters = new LinkedHashMap<>();
			for (String argument : arguments) {
				int equals = argument.indexOf('=');
				if (equals <= 0) {
					throw new CliException(ExitCode.USAGE,
							"'run' takes one job name, then name=value parameters; got '" + argument + "'");
				}
				String name = argument.substring(0, equals);
				if (parameters.put(name, argument.substring(equals + 1)) != null) {
					throw new CliException(ExitCode.USAGE, "parameter '" + name + "' given twice");
				}
			}
			return parameters;
		}

	}

	/** A verb on one execution, by id. */
	abstract static class OnExecution implements Callable<Integer> {

		@ParentCommand
		Root root;

		@Mixin
		HelpOption help;

		@Parameters(index = "0", paramLabel = "ID", description = "the execution id (flowbatch history)")
		String id;

		long executionId() {
			try {
				long executionId = Long.parseLong(this.id);
				if (executionId > 0) {
					return executionId;
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			throw new CliException(ExitCode.USAGE,
					"execution id must be a positive whole number, got '" + this.id + "'");
		}

	}

	/** {@code restart}, {@code stop}, {@code abandon}, {@code recover}: recorded with who, where and why. */
	abstract static class ActOnExecution extends OnExecution {

		@Mixin
		ReasonOption reason;

		@Override
		public Integer call() {
			long executionId = executionId();
			String verb = getClass().getAnnotation(Command.class).name();
			String why = this.reason.value();
			if (verb.equals("restart")) {
				Preflight.check(null, Map.of());
			}
			return this.root.cli.inApplicationContext(
					(context) -> context.getBean(OperatorCommands.class).execute(verb, executionId, why))
				.code();
		}

	}

	@Command(name = "worker", description = { "Run archive partitions sent over RabbitMQ by 'run' with "
			+ "flowbatch.partitioning=remote,", "until SIGTERM (the running partition then stops at a chunk boundary). "
					+ "Requests for an unknown job or step,", "or malformed, are refused (dead-lettered), not run." })
	static final class Worker implements Callable<Integer> {

		@ParentCommand
		Root root;

		@Mixin
		HelpOption help;

		@Override
		public Integer call() {
			return this.root.cli.inApplicationContext((context) -> {
				try {
					context.getBean(io.flowbatch.partitioning.RemoteWorker.class).consumeUntilSigterm();
				}
				catch (org.springframework.amqp.AmqpConnectException ex) {
					throw new CliException(ExitCode.BROKER_UNAVAILABLE,
							"cannot reach the RabbitMQ broker (spring.rabbitmq.*): " + ex.getMessage());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return ExitCode.OK;
			}).code();
		}

	}

	@Command(name = "restart", description = { "Restart a FAILED or STOPPED execution where it stopped.",
			"Committed chunks are not processed again. Recorded in operator_actions." })
	static final class Restart extends ActOnExecution {

	}

	@Command(name = "stop", description = { "Ask a running execution (in any process) to stop at a chunk boundary.",
			"It ends STOPPED and 'restart ID' resumes it. Recorded in operator_actions." })
	static final class Stop extends ActOnExecution {

	}

	@Command(name = "abandon", description = { "Give up a FAILED or STOPPED execution for good: it can no longer "
			+ "be restarted.", "Recorded in operator_actions." })
	static final class Abandon extends ActOnExecution {

	}

	@Command(name = "recover", description = { "Mark an execution left STARTED by a dead JVM, or ended UNKNOWN by a "
			+ "lost database session, as FAILED, so that it can be restarted.", "Refused while the execution is alive "
					+ "in some process. Recorded in operator_actions." })
	static final class Recover extends ActOnExecution {

	}

	@Command(name = "status",
			description = { "One execution: parameters, times, per-step counts, failures, operator actions.",
					"Read-only: starts no job and does not migrate; refuses a schema older than this flowbatch." })
	static final class Status extends OnExecution {

		@Mixin
		OutputOption output;

		@Override
		public Integer call() {
			long executionId = executionId();
			OutputFormat format = this.output.value();
			return this.root.cli.inReadOnlyContext(
					(services) -> services.executions().status(executionId, format))
				.code();
		}

	}

	@Command(name = "history", description = { "Past executions, newest first (default: the last 30 days).",
			"JSON and CSV carry RFC 3339 times with offset, durations in seconds (a number), the parameters as a",
			"typed JSON object and the operator actions. Read-only, like status." })
	static final class History implements Callable<Integer> {

		@ParentCommand
		Root root;

		@Mixin
		HelpOption help;

		@Option(names = "--job", paramLabel = "NAME", completionCandidates = JobNames.class,
				description = "only this job")
		@Nullable String job;

		@Option(names = "--since", paramLabel = "AGE|DATE",
				description = "executions created since an age (7d, 12h, 30m) or a UTC date; default 30d")
		@Nullable String since;

		@Option(names = "--status", paramLabel = "STATUS",
				description = "only executions in this status (COMPLETED, FAILED, STOPPED, ...)")
		@Nullable String status;

		@Option(names = "--limit", paramLabel = "N", description = "at most N executions; default 100")
		@Nullable String limit;

		@Mixin
		OutputOption output;

		@Override
		public Integer call() {
			HistoryQuery query = HistoryQuery.from(this.job, this.since, this.status, this.limit, this.output.value());
			return this.root.cli.inReadOnlyContext(
					(services) -> services.executions().history(query))
				.code();
		}

	}

	@Command(name = "report", customSynopsis = "flowbatch report db-health|data-quality [-o table|json|csv]",
			description = { "The latest results of a reporting job, from its tables.",
					"db-health: sizes and growth, disk projection, dead tuples, unused indexes, sequential scans,",
					"long-running and idle-in-transaction sessions, connections, slow statements, the archiver.",
					"data-quality: each rule's findings (count, the previous run's, sample ids).",
					"Read-only, like status." })
	static final class Report implements Callable<Integer> {

		@ParentCommand
		Root root;

		@Mixin
		HelpOption help;

		@Parameters(index = "0", paramLabel = "REPORT", completionCandidates = ReportNames.class)
		String report;

		@Mixin
		OutputOption output;

		@Override
		public Integer call() {
			ReportCommand.check(this.report);
			OutputFormat format = this.output.value();
			return this.root.cli.inReadOnlyContext(
					(services) -> services.reports().print(this.report, format))
				.code();
		}

	}

	/** The reports, for shell completion. */
	static final class ReportNames implements Iterable<String> {

		@Override
		public java.util.Iterator<String> iterator() {
			return ReportCommand.REPORTS.iterator();
		}

	}

	@Command(name = "migrate", description = { "Apply the schema migrations (Flyway) and exit.",
			"Every job run does the same first; the read-only verbs do not." })
	static final class Migrate implements Callable<Integer> {

		@ParentCommand
		Root root;

		@Mixin
		HelpOption help;

		@Override
		public Integer call() {
			return this.root.cli.inApplicationContext((context) -> {
				this.root.cli.out().println("flowbatch schema at V" + SchemaVersion.latestMigrationInJar());
				return ExitCode.OK;
			}).code();
		}

	}

	@Command(name = "namespace", customSynopsis = "flowbatch namespace [claim]",
			description = { "Which database owns the S3 bucket and prefix.", "'namespace claim' writes the owner "
					+ "marker for a namespace written before flowbatch recorded owners." })
	static final class Namespace implements Callable<Integer> {

		@ParentCommand
		Root root;

		@Mixin
		HelpOption help;

		@Parameters(arity = "0..1", paramLabel = "claim")
		@Nullable String action;

		@Override
		public Integer call() {
			if (this.action != null && !this.action.equals("claim")) {
				throw new CliException(ExitCode.USAGE,
						"unknown namespace action '" + this.action + "'; try 'flowbatch namespace claim'");
			}
			boolean claim = this.action != null;
			return this.root.cli
				.inApplicationContext((context) -> context.getBean(NamespaceCommand.class).run(claim))
				.code();
		}

	}

	@Command(name = "completion", customSynopsis = "flowbatch completion [bash|zsh]",
			description = { "A shell completion script for the verbs, their options and the catalog's job names.",
					"bash: source <(flowbatch completion bash)",
					"zsh:  autoload -U +X compinit && compinit; autoload -U +X bashcompinit && bashcompinit;",
					"      source <(flowbatch completion zsh)" })
	static final class Completion implements Callable<Integer> {

		@ParentCommand
		Root root;

		@Spec
		CommandSpec spec;

		@Mixin
		HelpOption help;

		@Parameters(arity = "0..1", paramLabel = "SHELL")
		@Nullable String shell;

		@Override
		public Integer call() {
			if (this.shell != null && !List.of("bash", "zsh").contains(this.shell)) {
				throw new CliException(ExitCode.USAGE, "completion is for bash or zsh, not '" + this.shell + "'");
			}
			// picocli's script serves both: zsh runs it through bashcompinit.
			this.root.cli.out().print(AutoComplete.bash("flowbatch", this.spec.root().commandLine()));
			return ExitCode.OK.code();
		}

	}

	@Command(name = "version", description = "The version of flowbatch (also --version).")
	static final class VersionVerb implements Callable<Integer> {

		@ParentCommand
		Root root;

		@Mixin
		HelpOption help;

		@Override
		public Integer call() {
			this.root.cli.out().println(new Version().getVersion()[0]);
			return ExitCode.OK.code();
		}

	}

}
