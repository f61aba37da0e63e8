package io.flowbatch.console;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleServerTest {

	@Test
	void aQueryStringIsDecodedAndItsEmptyFieldsCountAsNotGiven() {
		assertThat(ConsoleServer.query("job=webhook-archive&since=&status=FAILED&limit=%2010&bad=%zz"))
			.containsExactly(Map.entry("job", "webhook-archive"), Map.entry("status", "FAILED"),
					Map.entry("limit", "10"), Map.entry("bad", "%zz"));
		assertThat(ConsoleServer.query(null)).isEmpty();
	}

	@Test
	void onlyHostHeadersNamingLoopbackAreLoopback() {
		assertThat(ConsoleServer.isLoopbackHost("127.0.0.1:8080")).isTrue();
		assertThat(ConsoleServer.isLoopbackHost("localhost:8080")).isTrue();
		assertThat(ConsoleServer.isLoopbackHost("LOCALHOST")).isTrue();
		assertThat(ConsoleServer.isLoopbackHost("[::1]:8080")).isTrue();
		assertThat(ConsoleServer.isLoopbackHost(null)).isTrue();
		assertThat(ConsoleServer.isLoopbackHost("rebound.example:8080")).isFalse();
		assertThat(ConsoleServer.isLoopbackHost("127.0.0.1.rebound.example")).isFalse();
		assertThat(ConsoleServer.isLoopbackHost("localhost.rebound.example:8080")).isFalse();
	}

}
