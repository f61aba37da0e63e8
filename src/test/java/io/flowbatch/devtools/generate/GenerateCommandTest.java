package io.flowbatch.devtools.generate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.flowbatch.cli.CliException;
import io.flowbatch.cli.ExitCode;
import io.flowbatch.cli.FlowbatchCommandLine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The options of {@code flowbatch generate}, checked before anything connects. */
class GenerateCommandTest {

	@Test
	void defaultsWhenNoOptionIsGiven() {
		GenerationOptions options = GenerateCommand.options(Map.of());

		assertThat(options.teams()).isEqualTo(8);
		assertThat(options.flowItems()).isEqualTo(10_000);
		assertThat(options.webhooks()).isEqualTo(50_000);
		assertThat(options.days()).isEqualTo(120);
		assertThat(options.seed()).isEqualTo(42);
	}

	@Test
	void readsEveryOption() {
		GenerationOptions options = GenerateCommand.options(Map.of("teams", "3", "flow-items", "100000", "webhooks",
				"1000000", "days", "30", "seed", "7"));

		assertThat(options).extracting(GenerationOptions::teams, GenerationOptions::flowItems,
				GenerationOptions::webhooks, GenerationOptions::days, GenerationOptions::seed)
			.containsExactly(3, 100_000, 1_000_000, 30, 7L);
	}

	@ParameterizedTest
	@CsvSource({ "teams, 0", "teams, -1", "days, 0", "days, 36501", "webhooks, -5", "flow-items, 100000001",
			"webhooks, lots", "seed, -1", "teams, true", "flow-items, 1e6" })
	void refusesBadValues(String option, String value) {
		assertThatExceptionOfType(CliException.class)
			.isThrownBy(() -> GenerateCommand.options(Map.of(option, value)))
			.satisfies((ex) -> assertThat(ex.exitCode()).isEqualTo(ExitCode.USAGE))
			.withMessageStartingWith("--" + option + " must be a whole number from ")
			.withMessageEndingWith(", got '" + value + "'");
	}

	@Test
	void theCommandLineRefusesBadOptionsWithoutStartingAnything() {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		FlowbatchCommandLine commandLine = new FlowbatchCommandLine(new PrintStream(new ByteArrayOutputStream()),
				new PrintStream(err, true, StandardCharsets.UTF_8));

		assertThat(commandLine.execute("generate", "--teams", "0")).isEqualTo(ExitCode.USAGE.code());
		assertThat(commandLine.execute("generate", "--rows", "5")).isEqualTo(ExitCode.USAGE.code());
		assertThat(commandLine.execute("generate", "seed=5")).isEqualTo(ExitCode.USAGE.code());
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("--teams must be a whole number from 1 to 10,000")
			.contains("flowbatch generate: Unknown options: '--rows', '5'")
			.contains("flowbatch generate: Unmatched argument at index 1: 'seed=5'");
	}

}
