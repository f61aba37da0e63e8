package io.flowbatch.backup;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresClientTlsTest {

	private static Properties url(String url) {
		return Driver.parseURL(url, new Properties());
	}

	@Test
	void theUrlsTlsSettingsBecomeLibpqsEnvironment() {
		assertThat(PostgresClient.tlsEnvironment(url("jdbc:postgresql://db:5432/flow?sslmode=verify-full"
				+ "&sslrootcert=/etc/ca.crt&sslcert=/etc/client.crt&sslkey=/etc/client.key")))
			.containsExactlyInAnyOrderEntriesOf(java.util.Map.of("PGSSLMODE", "verify-full", "PGSSLROOTCERT",
					"/etc/ca.crt", "PGSSLCERT", "/etc/client.crt", "PGSSLKEY", "/etc/client.key"));
	}

	@Test
	void pgjdbcsSslTrueVerifiesTheServerAsLibpqsVerifyFull() {
		assertThat(PostgresClient.tlsEnvironment(url("jdbc:postgresql://db:5432/flow?ssl=true")))
			.containsExactly(java.util.Map.entry("PGSSLMODE", "verify-full"));
		assertThat(PostgresClient.tlsEnvironment(url("jdbc:postgresql://db:5432/flow?ssl=true&sslmode=require")))
			.containsExactly(java.util.Map.entry("PGSSLMODE", "require"));
	}

	@Test
	void aUrlWithoutTlsSettingsSetsNothing() {
		assertThat(PostgresClient.tlsEnvironment(url("jdbc:postgresql://db:5432/flow"))).isEmpty();
	}

	@Test
	void restoreTestsScratchConnectionKeepsTheTlsSettings() {
		assertThat(RestoreTarget.databaseUrl("jdbc:postgresql://db:5432/flow?sslmode=verify-full"
				+ "&sslrootcert=/etc/ca.crt", "flowbatch~restore~7"))
			.isEqualTo("jdbc:postgresql://db:5432/flowbatch%7Erestore%7E7?sslmode=verify-full&sslrootcert=/etc/ca.crt");
	}

}
