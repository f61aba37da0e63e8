package io.flowbatch.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A real Prometheus Pushgateway (Debian's {@code prometheus-pushgateway}, which {@code ./test} installs) on a free
 * loopback port, for the tests of what a run pushes.
 */
public final class TestPushgateway implements AutoCloseable {

	private final Process process;

	private final URI url;

	private final HttpClient http = HttpClient.newHttpClient();

	private TestPushgateway(Process process, URI url) {
		this.process = process;
		this.url = url;
	}

	public static TestPushgateway start() throws IOException, InterruptedException {
		Path binary = Tools.onPath("prometheus-pushgateway", "prometheus-pushgateway");
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path log = Files.createTempFile("flowbatch-test-pushgateway", ".log");
		Process process = new ProcessBuilder(binary.toString(), "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		TestPushgateway pushgateway = new TestPushgateway(process, URI.create("http://127.0.0.1:" + port));
		for (int attempt = 0; attempt < 100; attempt++) {
			try {
				if (pushgateway.get("/-/ready").statusCode() == 200) {
					return pushgateway;
				}
			}
			catch (IOException notYet) {
				// still starting
			}
			Thread.sleep(100);
		}
		process.destroy();
		throw new IllegalStateException("the Pushgateway did not start: " + Files.readString(log));
	}

	public URI url() {
		return this.url;
	}

	/** Everything the Pushgateway exposes, in the Prometheus text format. */
	public List<String> metrics() throws IOException, InterruptedException {
		return get("/metrics").body().lines().filter((line) -> !line.startsWith("#")).toList();
	}

	/** The value of the one series of {@code name} that has all of {@code labels}, if there is one. */
	public OptionalDouble value(String name, Map<String, String> labels) throws IOException, InterruptedException {
		List<String> series = metrics().stream()
			.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
			.filter((line) -> labels.entrySet().stream()
				.allMatch((label) -> line.contains(label.getKey() + "=\"" + label.getValue() + "\"")))
			.toList();
		if (series.size() > 1) {
			throw new IllegalStateException(series.size() + " series of " + name + " with " + labels + ": " + series);
		}
		return series.isEmpty() ? OptionalDouble.empty()
				: OptionalDouble.of(Double.parseDouble(series.get(0).substring(series.get(0).lastIndexOf(' ') + 1)));
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(this.url.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		this.process.waitFor();
	}

}
