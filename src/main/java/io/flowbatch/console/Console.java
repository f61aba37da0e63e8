package io.flowbatch.console;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import io.flowbatch.cli.CliException;
import io.flowbatch.cli.ExitCode;
import io.flowbatch.cli.SchemaVersion;
import io.flowbatch.cli.StartupFailures;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A running console: the JDK's HTTP server in front of a read-only connection pool. Closing stops both. */
final class Console implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final HttpServer server;

	private final ExecutorService threads;

	private Console(ConfigurableApplicationContext context, HttpServer server, ExecutorService threads) {
		this.context = context;
		this.server = server;
		this.threads = threads;
	}

	static Console start(ConsoleSettings settings) {
		ConfigurableApplicationContext context = ConsoleDatabase.start();
		try {
			DataSource dataSource = context.getBean(DataSource.class);
			ConsoleDatabase.check(dataSource, context.getBean(SchemaVersion.class));
			InetSocketAddress address = settings.address();
			if (address.isUnresolved()) {
				throw new CliException(ExitCode.USAGE, "--bind: cannot resolve host '" + settings.host() + "'");
			}
			// The JDK's server writes a response's headers and body separately; without TCP_NODELAY, Nagle's algorithm
			// and the client's delayed ACK hold every page back by some 40 ms. Read once, when the first server starts.
			System.setProperty("sun.net.httpserver.nodelay", "true");
			HttpServer server = HttpServer.create();
			try {
				server.bind(address, 0);
			}
			catch (BindException ex) {
				throw new CliException(ExitCode.USAGE,
						"cannot listen on " + settings.host() + ":" + settings.port() + ": " + ex.getMessage());
			}
			boolean loopback = server.getAddress().getAddress().isLoopbackAddress();
			HttpContext root = server.createContext("/",
					new ConsoleServer(new ConsoleQueries(context.getBean(JdbcClient.class)), loopback));
			settings.credentials().ifPresent((credentials) -> root
				.setAuthenticator(new ConsoleServer.Authenticator(credentials)));
			ExecutorService threads = Executors.newFixedThreadPool(ConsoleServerThreads.COUNT,
					new ConsoleServerThreads());
			server.setExecutor(threads);
			server.start();
			return new Console(context, server, threads);
		}
		catch (IOException ex) {
			context.close();
			throw new CliException(ExitCode.INTERNAL_ERROR,
					"cannot start the console's HTTP server: " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			String databaseUrl = context.getEnvironment().getProperty("spring.datasource.url");
			context.close();
			throw StartupFailures.classify(ex, databaseUrl);
		}
	}

	InetSocketAddress address() {
		return this.server.getAddress();
	}

	URI uri() {
		InetSocketAddress address = address();
		String host = address.getAddress().getHostAddress();
		return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
	}

	@Override
	public void close() {
		this.server.stop(1);
		this.threads.shutdown();
		try {
			this.threads.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.context.close();
	}

}
