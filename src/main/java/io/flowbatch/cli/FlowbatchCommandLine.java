package io.flowbatch.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.flowbatch.FlowbatchApplication;
import io.flowbatch.catalog.InvalidParametersException;
import io.flowbatch.catalog.JobCatalog;
import io.flowbatch.config.InvalidSettingsException;
import io.flowbatch.console.ConsoleCommand;
import io.flowbatch.demo.DemoCommand;
import io.flowbatch.generate.GenerateCommand;
import io.flowbatch.generate.GenerationOptions;
import org.slf4j.LoggerFactory;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code flowbatch VERB ...}: checks the command line's shape and the job name before anything starts, then starts
 * the Spring context (database, Flyway, jobs) and hands the verb to the bean that carries it out.
 */
public final class FlowbatchCommandLine {

	private final PrintStream out;

	private final PrintStream err;

	public FlowbatchCommandLine(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	public static void main(String[] args) {
		// Batch metadata timestamps are LocalDateTime.now(); keep them in the same zone as the data: UTC.
		TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
		System.exit(new FlowbatchCommandLine(System.out, System.err).execute(args));
	}

	public int execute(String... args) {
		try {
			CommandLine command = CommandLine.parse(args);
			if (command.wantsHelp()) {
				return help(command);
			}
			return switch (command.verb()) {
				case "help", "--help", "-h" -> {
					command.rejectParameters();
					command.rejectUnknownOptions();
					if (command.arguments().isEmpty()) {
						VerbHelp.printOverview(this.out);
					}
					else {
						VerbHelp.printVerb(command.requireArgument("one verb"), this.out);
					}
					yield ExitCode.OK.code();
				}
				case "version", "--version" -> {
					command.rejectParameters();
					command.rejectUnknownOptions();
					this.out.println(VerbHelp.version());
					yield ExitCode.OK.code();
				}
				case "jobs" -> {
					command.rejectParameters();
					command.rejectUnknownOptions();
					new CatalogTable(JobCatalog.fromClasspath()).print(this.out);
					yield ExitCode.OK.code();
				}
				case "run" -> {
					String jobName = command.requireArgument("a job name");
					command.rejectUnknownOptions();
					JobCatalog catalog = JobCatalog.fromClasspath();
					if (catalog.find(jobName).isEmpty()) {
						throw new CliException(ExitCode.USAGE, "unknown job '" + jobName + "'; the jobs are: "
								+ String.join(", ", catalog.names()));
					}
					Preflight.check(catalog.find(jobName).get(), command.parameters());
					yield inContext((context) -> context.getBean(OperatorCommands.class).run(jobName,
							command.parameters()));
				}
				case "restart", "stop", "abandon", "recover", "status" -> {
					long executionId = command.requireExecutionId();
					command.rejectParameters();
					command.rejectUnknownOptions();
					if (command.verb().equals("restart")) {
						Preflight.check(null, Map.of());
					}
					yield inContext((context) -> context.getBean(OperatorCommands.class)
						.execute(command.verb(), executionId));
				}
				case "history" -> {
					command.rejectParameters();
					command.rejectUnknownOptions("job", "since", "status", "output", "format", "limit");
					HistoryQuery query = HistoryQuery.from(command.options());
					yield inContext((context) -> context.getBean(ExecutionReports.class).history(query));
				}
				case "namespace" -> {
					boolean claim = command.optionalArgument().map((argument) -> {
						if (!argument.equals("claim")) {
							throw new CliException(ExitCode.USAGE,
									"unknown namespace action '" + argument + "'; try 'flowbatch namespace claim'");
						}
						return true;
					}).orElse(false);
					command.rejectParameters();
					command.rejectUnknownOptions();
					yield inContext((context) -> context.getBean(NamespaceCommand.class).run(claim));
				}
				case "console" -> {
					command.rejectParameters();
					command.rejectUnknownOptions("bind");
					yield ConsoleCommand.serve(command.options().get("bind"), System.getenv(), this.out, this.err)
						.code();
				}
				case "demo" -> {
					command.rejectParameters();
					command.rejectUnknownOptions();
					yield runDemo();
				}
				case "generate" -> {
					command.rejectParameters();
					command.rejectUnknownOptions("teams", "flow-items", "webhooks", "days", "seed");
					GenerationOptions options = GenerateCommand.options(command.options());
					yield inContext((context) -> context.getBean(GenerateCommand.class).generate(options));
				}
				default -> throw new CliException(ExitCode.USAGE,
						"unknown command '" + command.verb() + "'; try 'flowbatch help'");
			};
		}
		catch (CliException ex) {
			this.err.println("flowbatch: " + ex.getMessage());
			return ex.exitCode().code();
		}
		catch (InvalidParametersException | InvalidSettingsException ex) {
			this.err.println("flowbatch: " + ex.getMessage());
			return ExitCode.USAGE.code();
		}
		catch (RuntimeException ex) {
			CliException classified = StartupFailures.classify(ex, "(spring.datasource.url)");
			if (classified.exitCode() == ExitCode.INTERNAL_ERROR) {
				LoggerFactory.getLogger(FlowbatchCommandLine.class).error("Unexpected failure", ex);
			}
			this.err.println("flowbatch: " + classified.getMessage());
			return classified.exitCode().code();
		}
	}

	/** {@code VERB --help}, and {@code run JOB --help} for a job's parameters; nothing else is checked. */
	private int help(CommandLine command) {
		if (command.verb().equals("run") && !command.arguments().isEmpty()) {
			JobCatalog catalog = JobCatalog.fromClasspath();
			String jobName = command.arguments().get(0);
			VerbHelp.printJob(catalog.find(jobName).orElseThrow(() -> new CliException(ExitCode.USAGE,
					"unknown job '" + jobName + "'; the jobs are: " + String.join(", ", catalog.names()))), this.out);
		}
		else if (command.verb().equals("help") && !command.arguments().isEmpty()) {
			VerbHelp.printVerb(command.requireArgument("one verb"), this.out);
		}
		else {
			VerbHelp.printVerb(command.verb().startsWith("-") ? "help" : command.verb(), this.out);
		}
		return ExitCode.OK.code();
	}

	private int runDemo() {
		try {
			return new DemoCommand(this.out, this.err).run();
		}
		catch (NoClassDefFoundError ex) {
			// The production jar leaves the demo's libraries out; the build puts them in target/demo-lib.
			throw new CliException(ExitCode.USAGE, "this jar does not carry the demo's libraries (" + ex.getMessage()
					+ " is missing); run './flowbatch demo' in a clone of the repository");
		}
		catch (Exception ex) {
			throw new IllegalStateException("the demo failed: " + ex.getMessage(), ex);
		}
	}

	private int inContext(Function<ConfigurableApplicationContext, ExitCode> verb) {
		ConfigurableApplicationContext context;
		AtomicReference<String> databaseUrl = new AtomicReference<>("(spring.datasource.url)");
		try {
			context = new SpringApplicationBuilder(FlowbatchApplication.class)
				// The CLI closes the context itself, after a SIGTERM has stopped the running job.
				.registerShutdownHook(false)
				.listeners((ApplicationListener<ApplicationFailedEvent>) (failed) -> databaseUrl
					.set(failed.getApplicationContext().getEnvironment().getProperty("spring.datasource.url")))
				.run();
		}
		catch (RuntimeException ex) {
			throw StartupFailures.classify(ex, databaseUrl.get());
		}
		try (context) {
			context.getBean(CliOutput.class).redirect(this.out, this.err);
			return verb.apply(context).code();
		}
	}

}
