package io.flowbatch.cli;

import java.util.Map;

/**
 * Verbs that live outside the CLI's package: the console ({@code io.flowbatch.console}) and the developer tools
 * ({@code demo}, {@code generate}, in {@code io.flowbatch.devtools}). Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.flowbatch.cli.VerbProvider}), so that they depend on the command line and not the
 * other way round.
 */
public interface VerbProvider {

	/** Picocli command objects by verb name. */
	Map<String, Object> commands(VerbContext context);

}
