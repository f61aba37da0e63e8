package io.flowbatch.console;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.flowbatch.cli.ExitCode;
import org.jspecify.annotations.Nullable;

/**
 * {@code flowbatch console [--bind HOST:PORT]}: serves the read-only web console until the process is stopped
 * (Ctrl-C, SIGTERM).
 */
public final class ConsoleCommand {

	private ConsoleCommand() {
	}

	/** Blocks until the JVM shuts down; start-up problems are thrown as {@link io.flowbatch.cli.CliException}. */
	public static ExitCode serve(@Nullable String bind, Map<String, String> environment, PrintStream out,
			PrintStream err) {
		ConsoleSettings settings = ConsoleSettings.from(bind, environment);
		Console console = Console.start(settings);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			console.close();
			stopped.countDown();
		}, "flowbatch-console-shutdown"));
		out.println("flowbatch console: " + console.uri() + " (read-only"
				+ (settings.credentials().isPresent() ? ", basic authentication" : "") + "); Ctrl-C stops it");
		if (settings.credentials().isEmpty() && !isLoopback(console.address())) {
			err.println("flowbatch: warning: the console listens on " + console.uri() + " beyond this machine without"
					+ " a password; set " + ConsoleSettings.USER_VARIABLE + " and " + ConsoleSettings.PASSWORD_VARIABLE
					+ " for basic authentication");
		}
		try {
			stopped.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return ExitCode.OK;
	}

	private static boolean isLoopback(InetSocketAddress address) {
		return address.getAddress().isLoopbackAddress();
	}

}
