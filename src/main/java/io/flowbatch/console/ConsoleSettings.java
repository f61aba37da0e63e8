package io.flowbatch.console;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flowbatch.cli.CliException;
import io.flowbatch.cli.ExitCode;
import org.jspecify.annotations.Nullable;

/**
 * Where the console listens and whom it lets in: {@code --bind} ({@code HOST:PORT}, {@code PORT}, {@code [IPv6]:PORT};
 * loopback port 8080 by default, so that nothing beyond this machine sees job history unless asked to) and, when
 * both {@code FLOWBATCH_CONSOLE_USER} and {@code FLOWBATCH_CONSOLE_PASSWORD} are set, HTTP basic authentication.
 */
record ConsoleSettings(String host, int port, Optional<Credentials> credentials) {

	static final String DEFAULT_HOST = "127.0.0.1";

	static final int DEFAULT_PORT = 8080;

	static final String USER_VARIABLE = "FLOWBATCH_CONSOLE_USER";

	static final String PASSWORD_VARIABLE = "FLOWBATCH_CONSOLE_PASSWORD";

	private static final Pattern HOST_AND_PORT = Pattern.compile("(?:\\[([0-9a-fA-F:.]+)]|([^:\\[\\]]*)):(\\d{1,5})");

	private static final Pattern PORT_ONLY = Pattern.compile("\\d{1,5}");

	record Credentials(String user, String password) {

		@Override
		public String toString() {
			return "Credentials[user=" + this.user + "]";
		}

	}

	static ConsoleSettings from(@Nullable String bind, Map<String, String> environment) {
		String host = DEFAULT_HOST;
		int port = DEFAULT_PORT;
		if (bind != null) {
			Matcher hostAndPort = HOST_AND_PORT.matcher(bind);
			if (hostAndPort.matches()) {
				String named = (hostAndPort.group(1) != null) ? hostAndPort.group(1) : hostAndPort.group(2);
				host = named.isEmpty() ? DEFAULT_HOST : named;
				port = port(hostAndPort.group(3), bind);
			}
			else if (PORT_ONLY.matcher(bind).matches()) {
				port = port(bind, bind);
			}
			else {
				throw usage("--bind takes HOST:PORT, PORT or [IPv6]:PORT (e.g. 127.0.0.1:8080), got '" + bind + "'");
			}
		}
		return new ConsoleSettings(host, port, credentials(environment));
	}

	InetSocketAddress address() {
		return new InetSocketAddress(this.host, this.port);
	}

	private static int port(String digits, String bind) {
		int port = Integer.parseInt(digits);
		if (port > 65535) {
			throw usage("--bind: port must be 0 to 65535, got '" + bind + "'");
		}
		return port;
	}

	private static Optional<Credentials> credentials(Map<String, String> environment) {
		String user = environment.get(USER_VARIABLE);
		String password = environment.get(PASSWORD_VARIABLE);
		boolean hasUser = user != null && !user.isEmpty();
		boolean hasPassword = password != null && !password.isEmpty();
		if (hasUser != hasPassword) {
			// Half a configuration is a mistake; serving without the intended password would hide it.
			throw usage("set both " + USER_VARIABLE + " and " + PASSWORD_VARIABLE + " for basic authentication, or"
					+ " neither; only " + (hasUser ? USER_VARIABLE : PASSWORD_VARIABLE) + " is set");
		}
		return hasUser ? Optional.of(new Credentials(user, password)) : Optional.empty();
	}

	private static CliException usage(String message) {
		return new CliException(ExitCode.USAGE, message);
	}

}
