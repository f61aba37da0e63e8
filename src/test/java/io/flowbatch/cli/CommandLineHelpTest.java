package io.flowbatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.flowbatch.testsupport.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Help, version, completion and usage errors: answered before anything connects, so no database is started here. */
class CommandLineHelpTest {

	/** Every verb the command line registers, those of the VerbProviders included, but {@code help} itself. */
	static Stream<String> registeredVerbs() {
		FlowbatchCommandLine cli = new FlowbatchCommandLine(System.out, System.err);
		return Verbs.commandLine(cli).getSubcommands().keySet().stream().filter((verb) -> !verb.equals("help"));
	}

	/** The ServiceLoader registrations (console, demo, generate) are found beside the command line's own verbs. */
	@Test
	void theCommandLineRegistersItsOwnVerbsAndThoseOfTheVerbProviders() {
		assertThat(registeredVerbs()).containsExactlyInAnyOrder("jobs", "run", "restart", "stop", "abandon", "recover",
				"status", "history", "report", "migrate", "namespace", "worker", "completion", "version", "console",
				"demo", "generate");
	}

	@ParameterizedTest
	@MethodSource("registeredVerbs")
	void everyVerbHasItsOwnHelpPageReachedThreeWays(String verb) {
		CliRun viaHelp = CliRun.of("help", verb);
		CliRun viaOption = CliRun.of(verb, "--help");
		CliRun viaShortOption = CliRun.of(verb, "-h");

		assertThat(viaHelp.exitCode()).as(viaHelp.toString()).isZero();
		assertThat(viaHelp.out()).startsWith("usage: flowbatch " + verb).contains("Exit codes:");
		assertThat(viaOption.out()).isEqualTo(viaHelp.out());
		assertThat(viaShortOption.out()).isEqualTo(viaHelp.out());
		assertThat(CliRun.of("help").out()).containsPattern("(?m)^  " + verb + " +[A-Z]");
	}

	@Test
	void runJobHelpPrintsTheJobsParametersFromTheCatalog() {
		CliRun help = CliRun.of("run", "restart-probe", "--help");

		assertThat(help.exitCode()).as(help.toString()).isZero();
		assertThat(help.out()).startsWith("usage: flowbatch run restart-probe [name=value ...]")
			.contains("restart-probe - Copies the numbers")
			.containsPattern("items\\s+long\\s+100\\s+1\\.\\.100000\\s+no");
		assertThat(CliRun.of("run", "no-such-job", "--help").exitCode()).isEqualTo(2);
	}

	@Test
	void theOverviewListsEveryVerbAndUnknownVerbsAreUsageErrors() {
		CliRun help = CliRun.of("help");
		CliRun unknown = CliRun.of("frobnicate");

		assertThat(help.exitCode()).isZero();
		assertThat(help.out()).startsWith("usage: flowbatch VERB [ARGS]").contains("Exit codes:");
		assertThat(CliRun.of("--help").out()).isEqualTo(help.out());
		assertThat(CliRun.of("help", "frobnicate").exitCode()).isEqualTo(2);
		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(unknown.err()).isEqualTo("flowbatch: unknown command 'frobnicate'; try 'flowbatch help'"
				+ System.lineSeparator());
		assertThat(CliRun.of().err()).startsWith("flowbatch: no command given");
	}

	@Test
	void versionIsPrintedByTheOptionAndTheVerb() {
		assertThat(CliRun.of("--version").out()).startsWith("flowbatch ");
		assertThat(CliRun.of("version").out()).isEqualTo(CliRun.of("--version").out());
	}

	@Test
	void anOptionWithoutItsValueIsAOneLineUsageError() {
		CliRun missing = CliRun.of("history", "--job");
		CliRun followedByOption = CliRun.of("history", "--job", "--limit", "5");
		CliRun twice = CliRun.of("history", "--job", "a", "--job", "b");

		assertThat(missing.exitCode()).isEqualTo(2);
		assertThat(missing.err()).isEqualTo("flowbatch history: Missing required parameter for option '--job' (NAME);"
				+ " try 'flowbatch help history'" + System.lineSeparator());
		assertThat(followedByOption.exitCode()).isEqualTo(2);
		assertThat(followedByOption.err().lines()).hasSize(1);
		assertThat(twice.exitCode()).isEqualTo(2);
	}

	@Test
	void runTakesOneJobThenNameValueParameters() {
		CliRun stray = CliRun.of("run", "restart-probe", "items");
		CliRun twice = CliRun.of("run", "restart-probe", "items=1", "items=2");
		CliRun none = CliRun.of("run");

		assertThat(stray.exitCode()).isEqualTo(2);
		assertThat(stray.err()).contains("'run' takes one job name, then name=value parameters; got 'items'");
		assertThat(twice.err()).contains("parameter 'items' given twice");
		assertThat(none.err()).contains("'run' needs a job name; the jobs are: ");
	}

	@Test
	void anAgeFurtherBackThanADateCanReachIsAOneLineUsageError() {
		for (String age : new String[] { "99999999999999999999d", "9999999999999999d", "999999999999d" }) {
			CliRun history = CliRun.of("history", "--since", age);

			assertThat(history.exitCode()).as(history.toString()).isEqualTo(2);
			assertThat(history.out()).isEmpty();
			assertThat(history.err().lines()).as(history.err()).hasSize(1);
			assertThat(history.err()).startsWith("flowbatch: --since " + age + " reaches back further");
		}
	}

	@Test
	void theCompletionScriptCompletesVerbsOptionsAndJobNames() throws Exception {
		CliRun bash = CliRun.of("completion", "bash");
		CliRun zsh = CliRun.of("completion", "zsh");

		assertThat(bash.exitCode()).as(bash.toString()).isZero();
		assertThat(zsh.out()).isEqualTo(bash.out());
		assertThat(CliRun.of("completion", "fish").exitCode()).isEqualTo(2);
		// Completing 'flowbatch run restart-p' in a real bash offers the job; 'flowbatch hist' the verb.
		Path script = Files.createTempFile("flowbatch-completion", ".bash");
		Files.writeString(script, bash.out());
		try {
			assertThat(complete(script, "flowbatch run restart-p")).contains("restart-probe");
			assertThat(complete(script, "flowbatch hist")).contains("history");
			assertThat(complete(script, "flowbatch history --li")).contains("--limit");
		}
		finally {
			Files.delete(script);
		}
	}

	@Test
	void jobsPrintsTheCatalogInEveryFormat() {
		CliRun json = CliRun.of("jobs", "-o", "json");
		CliRun csv = CliRun.of("jobs", "-o", "csv");

		assertThat(json.exitCode()).as(json.toString()).isZero();
		JsonNode probe = null;
		for (JsonNode job : JsonMapper.builder().build().readTree(json.out())) {
			if (job.get("name").asString().equals("restart-probe")) {
				probe = job;
			}
		}
		assertThat(probe).isNotNull();
		assertThat(probe.get("parameters").get(1).get("name").asString()).isEqualTo("items");
		assertThat(probe.get("parameters").get(1).get("default").asString()).isEqualTo("100");
		assertThat(csv.out().lines().findFirst()).hasValue("job,parameter,type,default,bounds,identifying,description");
		assertThat(csv.out()).contains("restart-probe,items,long,100,1..100000,false,");
	}

	/** The words bash's completion offers for a command line typed up to its end. */
	private static String complete(Path script, String typed) throws Exception {
		String words = typed.endsWith(" ") ? typed + "''" : typed;
		String program = "source " + script + "\nCOMP_LINE='" + typed + "'; COMP_WORDS=(" + words + ");"
				+ " COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_POINT=${#COMP_LINE};"
				+ " _complete_flowbatch flowbatch; printf '%s\\n' \"${COMPREPLY[@]}\"";
		Process bash = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
		String output = new String(bash.getInputStream().readAllBytes());
		bash.waitFor();
		return output;
	}

}
