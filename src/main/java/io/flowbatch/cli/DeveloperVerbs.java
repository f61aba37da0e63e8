package io.flowbatch.cli;

import java.util.Map;

/**
 * Verbs that are developer tools, not the product ({@code demo}, {@code generate}): found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.flowbatch.cli.DeveloperVerbs}), so that the command
 * line does not depend on them.
 */
public interface DeveloperVerbs {

	/** Picocli command objects by verb name. */
	Map<String, Object> commands(VerbContext context);

}
