package io.flowbatch.cli;

import io.flowbatch.testsupport.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Help, version and usage errors: answered before anything connects, so no database is started here. */
class CommandLineHelpTest {

	@ParameterizedTest
	@ValueSource(strings = { "jobs", "run", "restart", "stop", "abandon", "recover", "status", "history", "namespace",
			"console", "demo", "generate", "help", "version" })
	void everyVerbHasItsOwnHelpPageReachedThreeWays(String verb) {
		CliRun viaHelp = CliRun.of("help", verb);
		CliRun viaOption = CliRun.of(verb, "--help");
		CliRun viaShortOption = CliRun.of(verb, "-h");

		assertThat(viaHelp.exitCode()).as(viaHelp.toString()).isZero();
		assertThat(viaHelp.out()).startsWith("usage: flowbatch " + verb).contains("Exit codes:");
		assertThat(viaOption.out()).isEqualTo(viaHelp.out());
		assertThat(viaShortOption.out()).isEqualTo(viaHelp.out());
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
	void theOverviewListsEveryVerb() {
		CliRun help = CliRun.of("help");

		assertThat(help.exitCode()).isZero();
		assertThat(help.out()).contains("  history [--job NAME]").contains("  run JOB [name=value ...]");
		assertThat(CliRun.of("--help").out()).isEqualTo(help.out());
		assertThat(CliRun.of("help", "frobnicate").exitCode()).isEqualTo(2);
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

		assertThat(missing.exitCode()).isEqualTo(2);
		assertThat(missing.err()).isEqualTo("flowbatch: option --job needs a value" + System.lineSeparator());
		assertThat(followedByOption.exitCode()).isEqualTo(2);
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

}
