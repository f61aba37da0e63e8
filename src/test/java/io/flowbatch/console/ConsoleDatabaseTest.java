package io.flowbatch.console;

import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's database: like every verb, an unreachable one is exit 3 with its URL, before anything listens. */
class ConsoleDatabaseTest {

	@Test
	void anUnreachableDatabaseIsExitThreeNamingItsUrlWithoutThePassword() {
		TestPostgres.get();
		String url = System.getProperty("spring.datasource.url");
		System.setProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/flowmetrics?password=secret");
		try {
			CliRun console = CliRun.of("console", "--bind", "127.0.0.1:0");

			assertThat(console.exitCode()).as(console.toString()).isEqualTo(3);
			assertThat(console.err()).startsWith("flowbatch: database unreachable at "
					+ "jdbc:postgresql://127.0.0.1:1/flowmetrics?password=***: ")
				.doesNotContain("secret");
		}
		finally {
			System.setProperty("spring.datasource.url", url);
		}
	}

}
