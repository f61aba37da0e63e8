package io.flowbatch.console;

import java.util.Map;

import io.flowbatch.cli.CliException;
import io.flowbatch.cli.ExitCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ConsoleSettingsTest {

	@Test
	void withoutBindItIsThisMachineOnlyOnPort8080WithoutAuthentication() {
		ConsoleSettings settings = ConsoleSettings.from(null, Map.of());

		assertThat(settings.host()).isEqualTo("127.0.0.1");
		assertThat(settings.port()).isEqualTo(8080);
		assertThat(settings.credentials()).isEmpty();
	}

	@Test
	void bindTakesHostAndPortPortAloneOrABracketedIpv6Address() {
		assertThat(ConsoleSettings.from("0.0.0.0:9000", Map.of())).extracting("host", "port")
			.containsExactly("0.0.0.0", 9000);
		assertThat(ConsoleSettings.from("console.internal:80", Map.of())).extracting("host", "port")
			.containsExactly("console.internal", 80);
		assertThat(ConsoleSettings.from("9000", Map.of())).extracting("host", "port")
			.containsExactly("127.0.0.1", 9000);
		assertThat(ConsoleSettings.from(":9000", Map.of())).extracting("host", "port")
			.containsExactly("127.0.0.1", 9000);
		assertThat(ConsoleSettings.from("[::1]:9000", Map.of())).extracting("host", "port")
			.containsExactly("::1", 9000);
	}

	@Test
	void aBindThatIsNotHostAndPortIsAUsageError() {
		for (String bad : new String[] { "localhost", "localhost:http", "1.2.3.4:70000", "::1:80", "host:" }) {
			assertThatExceptionOfType(CliException.class).as(bad)
				.isThrownBy(() -> ConsoleSettings.from(bad, Map.of()))
				.satisfies((ex) -> assertThat(ex.exitCode()).isEqualTo(ExitCode.USAGE))
				.withMessageContaining("--bind");
		}
	}

	@Test
	void bothVariablesTurnOnBasicAuthenticationAndOneAloneIsRefused() {
		ConsoleSettings settings = ConsoleSettings.from(null,
				Map.of(ConsoleSettings.USER_VARIABLE, "auditor", ConsoleSettings.PASSWORD_VARIABLE, "s3cret"));
		assertThat(settings.credentials()).hasValue(new ConsoleSettings.Credentials("auditor", "s3cret"));
		assertThat(settings.credentials().get().toString()).doesNotContain("s3cret");

		assertThatExceptionOfType(CliException.class)
			.isThrownBy(() -> ConsoleSettings.from(null, Map.of(ConsoleSettings.USER_VARIABLE, "auditor")))
			.withMessageContaining("only FLOWBATCH_CONSOLE_USER is set");
		assertThatExceptionOfType(CliException.class)
			.isThrownBy(() -> ConsoleSettings.from(null,
					Map.of(ConsoleSettings.USER_VARIABLE, "", ConsoleSettings.PASSWORD_VARIABLE, "s3cret")))
			.withMessageContaining("only FLOWBATCH_CONSOLE_PASSWORD is set");
	}

}
