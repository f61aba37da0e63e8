package io.flowbatch.cli;

import java.io.PrintStream;
import java.util.function.Function;

import org.springframework.context.ConfigurableApplicationContext;

/** What a verb needs from the command line around it: where to print, and the application to run in. */
public interface VerbContext {

	PrintStream out();

	PrintStream err();

	/** Starts the whole application (Flyway migrates the schema first), applies {@code verb}, closes it. */
	ExitCode inApplicationContext(Function<ConfigurableApplicationContext, ExitCode> verb);

}
