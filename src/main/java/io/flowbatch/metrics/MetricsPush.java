package io.flowbatch.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.ZoneOffset;

import io.flowbatch.sql.SqlFiles;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * At the end of every run (short-lived processes cannot be scraped): records the job's exit code and the time of its
 * last success, then PUTs everything in the Prometheus registry — Spring Batch's metrics, the domain metrics, the
 * JVM's — to the Pushgateway as the group {@code job=flowbatch, job_name=JOB}, replacing that job's previous run.
 * The Pushgateway's text-format HTTP API is used directly: the Prometheus pushgateway client that Spring Boot's own
 * push support needs is not published for the Prometheus client version Boot manages.
 */
@Component
public class MetricsPush {

	private static final Logger logger = LoggerFactory.getLogger(MetricsPush.class);

	private static final String LAST_SUCCESS = SqlFiles.read("queries/metrics/last-success.sql");

	private final JobMetrics metrics;

	private final PrometheusMeterRegistry registry;

	private final JdbcClient jdbc;

	private final PushgatewayProperties properties;

	MetricsPush(JobMetrics metrics, PrometheusMeterRegistry registry, JdbcClient jdbc,
			PushgatewayProperties properties) {
		this.metrics = metrics;
		this.registry = registry;
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/** After a run or restart of {@code jobName} ended with {@code exitCode}; a failed push only logs a warning. */
	public void afterRun(String jobName, int exitCode) {
		this.metrics.set("flowbatch.job.last.exit.code", exitCode, "job_name", jobName);
		Timestamp lastSuccess = this.jdbc.sql(LAST_SUCCESS)
			.param("job_name", jobName)
			.query(Timestamp.class)
			.optional()
			.orElse(null);
		if (lastSuccess != null) {
			this.metrics.set("flowbatch.job.last.success.timestamp.seconds",
					lastSuccess.toLocalDateTime().toEpochSecond(ZoneOffset.UTC), "job_name", jobName);
		}
		if (this.properties.url().isBlank()) {
			return;
		}
		URI group = URI.create(this.properties.url().replaceAll("/+$", "") + "/metrics/job/"
				+ URLEncoder.encode(this.properties.job(), StandardCharsets.UTF_8) + "/job_name/"
				+ URLEncoder.encode(jobName, StandardCharsets.UTF_8));
		try {
			push(group);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Metrics of this {} run not pushed to {}: {}", jobName, group, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void push(URI group) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(this.properties.timeout()).build();
		HttpRequest request = HttpRequest.newBuilder(group)
			.timeout(this.properties.timeout())
			.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
			.PUT(HttpRequest.BodyPublishers.ofString(this.registry.scrape(), StandardCharsets.UTF_8))
			.build();
		HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() / 100 != 2) {
			throw new IOException("HTTP " + response.statusCode() + ": " + response.body().strip());
		}
	}

}
