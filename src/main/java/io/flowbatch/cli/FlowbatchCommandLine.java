package io.flowbatch.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import io.flowbatch.FlowbatchApplication;
import io.flowbatch.catalog.InvalidParametersException;
import io.flowbatch.config.InvalidSettingsException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import javax.sql.DataSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * {@code flowbatch VERB ...}: parses the command line ({@link Verbs}, picocli), lets the verb check its arguments
 * before anything starts, then runs it in the application context it needs, and turns every outcome into one line on
 * stderr and an exit code a scheduler can act on.
 */
public final class FlowbatchCommandLine implements VerbContext {

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
		CommandLine commandLine = Verbs.commandLine(this);
		commandLine.setOut(new PrintWriter(this.out, true));
		commandLine.setErr(new PrintWriter(this.err, true));
		commandLine.setParameterExceptionHandler((ex, arguments) -> {
			// Usage errors stay one line: what is wrong, not the verb's whole help page.
			CommandLine verb = ex.getCommandLine();
			if (verb.getParent() != null) {
				this.err.println("flowbatch " + verb.getCommandName() + ": " + StartupFailures.oneLine(ex)
						+ "; try 'flowbatch help " + verb.getCommandName() + "'");
			}
			else if (ex instanceof CommandLine.UnmatchedArgumentException && !arguments[0].startsWith("-")) {
				this.err.println("flowbatch: unknown command '" + arguments[0] + "'; try 'flowbatch help'");
			}
			else {
				this.err.println("flowbatch: " + StartupFailures.oneLine(ex) + "; try 'flowbatch help'");
			}
			return ExitCode.USAGE.code();
		});
		commandLine.setExecutionExceptionHandler((ex, failed, parseResult) -> failure(ex).code());
		return commandLine.execute(args);
	}

	private ExitCode failure(Exception failure) {
		if (failure instanceof CliException ex) {
			this.err.println("flowbatch: " + ex.getMessage());
			return ex.exitCode();
		}
		if (failure instanceof InvalidParametersException || failure instanceof InvalidSettingsException) {
			this.err.println("flowbatch: " + failure.getMessage());
			return ExitCode.USAGE;
		}
		CliException classified = StartupFailures.classify(failure, "(spring.datasource.url)");
		if (classified.exitCode() == ExitCode.INTERNAL_ERROR) {
			LoggerFactory.getLogger(FlowbatchCommandLine.class).error("Unexpected failure", failure);
		}
		this.err.println("flowbatch: " + classified.getMessage());
		return classified.exitCode();
	}

	@Override
	public PrintStream out() {
		return this.out;
	}

	@Override
	public PrintStream err() {
		return this.err;
	}

	@Override
	public ExitCode inApplicationContext(Function<ConfigurableApplicationContext, ExitCode> verb) {
		return inContext(new SpringApplicationBuilder(FlowbatchApplication.class), (context) -> {
		}, verb);
	}

	/**
	 * Runs a read-only verb over a read-only connection, refusing a schema older than this jar: one connection opened
	 * directly when the settings allow it ({@link DirectConnectionSettings}), else a Spring Boot context with only a
	 * read-only pool.
	 */
	ExitCode inReadOnlyContext(Function<ReadOnlyServices, ExitCode> verb) {
		Optional<DirectConnectionSettings> direct = DirectConnectionSettings.resolve(System.getenv(),
				System.getProperties(), Path.of(""));
		if (direct.isEmpty()) {
			return inContext(
					new SpringApplicationBuilder(ReadOnlyContext.class).properties(ReadOnlyContext.properties()),
					(context) -> {
					}, (context) -> {
						ReadOnlyServices services;
						try {
							services = readOnlyServices(context.getBean(DataSource.class));
						}
						catch (RuntimeException ex) {
							throw StartupFailures.classify(ex,
									context.getEnvironment().getProperty("spring.datasource.url"));
						}
						return verb.apply(services);
					});
		}
		DirectPathLogging.warningsToStderr();
		String url = direct.get().url();
		try (Connection connection = direct.get().connectReadOnly()) {
			return verb.apply(readOnlyServices(new SingleConnectionDataSource(connection, true)));
		}
		catch (SQLException | RuntimeException ex) {
			throw StartupFailures.classify(ex, url);
		}
	}

	private ReadOnlyServices readOnlyServices(DataSource dataSource) {
		CliOutput output = new CliOutput();
		output.redirect(this.out, this.err);
		ReadOnlyServices services = ReadOnlyServices.over(dataSource, output);
		services.schemaVersion().requireCurrent();
		return services;
	}

	private ExitCode inContext(SpringApplicationBuilder application, Consumer<ConfigurableApplicationContext> readyCheck,
			Function<ConfigurableApplicationContext, ExitCode> verb) {
		ConfigurableApplicationContext context;
		AtomicReference<String> databaseUrl = new AtomicReference<>("(spring.datasource.url)");
		try {
			context = application
				// The CLI closes the context itself, after a SIGTERM has stopped the running job.
				.registerShutdownHook(false)
				.listeners((ApplicationListener<ApplicationFailedEvent>) (failed) -> databaseUrl
					.set(failed.getApplicationContext().getEnvironment().getProperty("spring.datasource.url")))
				.run();
		}
		catch (RuntimeException ex) {
			throw StartupFailures.classify(ex, databaseUrl.get());
		}
		try {
			context.getBean(CliOutput.class).redirect(this.out, this.err);
			readyCheck.accept(context);
		}
		catch (RuntimeException ex) {
			context.close();
			throw StartupFailures.classify(ex, context.getEnvironment().getProperty("spring.datasource.url"));
		}
		try (context) {
			context.getBean(CliOutput.class).redirect(this.out, this.err);
			return verb.apply(context);
		}
	}

}
