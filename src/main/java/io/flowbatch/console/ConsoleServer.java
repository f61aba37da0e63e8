package io.flowbatch.console;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Routes the console's requests to its pages. Only GET and HEAD: nothing here changes anything, so every other
 * method is refused (405) before a page is even looked up.
 */
final class ConsoleServer implements HttpHandler {

	private static final Logger logger = LoggerFactory.getLogger(ConsoleServer.class);

	private static final Pattern EXECUTION = Pattern.compile("/executions/(\\d{1,18})");

	/** Inline styles and SVG only: no script, no frame, nothing fetched from anywhere. */
	private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; "
			+ "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

	private final HistoryPage history;

	private final ExecutionPage execution;

	private final ArchivesPage archives;

	private final BackupsPage backups;

	private final boolean loopbackOnly;

	/** @param loopbackOnly bound to a loopback address: only requests addressed to loopback are answered */
	ConsoleServer(ConsoleQueries queries, boolean loopbackOnly) {
		this.loopbackOnly = loopbackOnly;
		this.history = new HistoryPage(queries);
		this.execution = new ExecutionPage(queries);
		this.archives = new ArchivesPage(queries);
		this.backups = new BackupsPage(queries);
	}

	/** Answers, and logs who asked for what (an access log: auditors may ask who looked). */
	@Override
	public void handle(HttpExchange exchange) throws IOException {
		long started = System.nanoTime();
		try (exchange) {
			respond(exchange);
		}
		finally {
			HttpPrincipal user = exchange.getPrincipal();
			logger.info("{} {} {} {} -> {} in {} ms", exchange.getRemoteAddress().getAddress().getHostAddress(),
					(user != null) ? user.getUsername() : "-", exchange.getRequestMethod(), exchange.getRequestURI(),
					exchange.getResponseCode(), (System.nanoTime() - started) / 1_000_000);
		}
	}

	private void respond(HttpExchange exchange) throws IOException {
		if (this.loopbackOnly && !isLoopbackHost(exchange.getRequestHeaders().getFirst("Host"))) {
			// A page elsewhere whose DNS name is rebound to 127.0.0.1 would otherwise read the console through
			// the browser of whoever opened it.
			send(exchange, new Page(421, "Misdirected request", new Html().element("h1", "Misdirected request")
				.element("p", "The console listens on this machine only and answers requests for localhost.")), "");
			return;
		}
		String method = exchange.getRequestMethod();
		if (!method.equals("GET") && !method.equals("HEAD")) {
			exchange.getResponseHeaders().set("Allow", "GET, HEAD");
			send(exchange, new Page(405, "Method not allowed", new Html().element("h1", "Method not allowed")
				.element("p", "The console is read-only: it answers GET and HEAD, not " + method + ".")), "");
			return;
		}
		String path = exchange.getRequestURI().getPath();
		if (path.equals("/")) {
			exchange.getResponseHeaders().set("Location", HistoryPage.PATH);
			exchange.sendResponseHeaders(303, -1);
			return;
		}
		send(exchange, page(path, query(exchange.getRequestURI().getRawQuery())), section(path));
	}

	private Page page(String path, Map<String, String> query) {
		try {
			Matcher execution = EXECUTION.matcher(path);
			if (execution.matches()) {
				return this.execution.render(Long.parseLong(execution.group(1)));
			}
			return switch (path) {
				case HistoryPage.PATH -> this.history.render(query);
				case ArchivesPage.PATH -> this.archives.render(query);
				case BackupsPage.PATH -> this.backups.render();
				default -> Page.notFound("The console has no page " + path + ".");
			};
		}
		catch (DataAccessResourceFailureException ex) {
			logger.warn("Database unreachable: {}", ex.getMessage());
			return new Page(503, "Database unreachable", new Html().element("h1", "Database unreachable")
				.element("p", "The console cannot reach PostgreSQL: " + ex.getMostSpecificCause().getMessage(), "class",
						"error"));
		}
		catch (RuntimeException ex) {
			logger.error("Console page {} failed", path, ex);
			return new Page(500, "Internal error", new Html().element("h1", "Internal error")
				.element("p", "The page failed: " + ex.getMessage(), "class", "error"));
		}
	}

	private static String section(String path) {
		return path.startsWith(HistoryPage.PATH) ? HistoryPage.PATH : path;
	}

	private static void send(HttpExchange exchange, Page page, String section) throws IOException {
		byte[] body = page.document(section).getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
		exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
		exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		if (exchange.getRequestMethod().equals("HEAD")) {
			exchange.sendResponseHeaders(page.status(), -1);
			return;
		}
		exchange.sendResponseHeaders(page.status(), body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	/** Whether a Host header names this machine's loopback interface (any port); a request without one passes. */
	static boolean isLoopbackHost(String hostHeader) {
		if (hostHeader == null) {
			return true;
		}
		String host = hostHeader.strip().toLowerCase(java.util.Locale.ROOT);
		if (host.startsWith("[")) {
			host = host.substring(0, host.indexOf(']') + 1);
		}
		else if (host.contains(":")) {
			host = host.substring(0, host.lastIndexOf(':'));
		}
		return host.equals("localhost") || host.equals("[::1]") || host.matches("127(\\.\\d{1,3}){3}");
	}

	/** The query string's parameters; an empty value (a form's empty field) counts as not given. */
	static Map<String, String> query(String rawQuery) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (rawQuery == null) {
			return parameters;
		}
		for (String pair : rawQuery.split("&")) {
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1)).strip() : "";
			if (!value.isEmpty()) {
				parameters.put(name, value);
			}
		}
		return parameters;
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// a malformed %-escape: taken literally, so that the filter reports it instead of the server failing
			return text;
		}
	}

	/** HTTP basic authentication with the credentials from the environment, compared in constant time. */
	static final class Authenticator extends BasicAuthenticator {

		private final byte[] user;

		private final byte[] password;

		Authenticator(ConsoleSettings.Credentials credentials) {
			super("flowbatch console", StandardCharsets.UTF_8);
			this.user = credentials.user().getBytes(StandardCharsets.UTF_8);
			this.password = credentials.password().getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public boolean checkCredentials(String user, String password) {
			boolean userMatches = MessageDigest.isEqual(this.user, user.getBytes(StandardCharsets.UTF_8));
			boolean passwordMatches = MessageDigest.isEqual(this.password, password.getBytes(StandardCharsets.UTF_8));
			return userMatches & passwordMatches;
		}

	}

}
