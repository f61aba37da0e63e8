package io.flowbatch.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schedules ({@code schedules/flowbatch.cron}) and the Kubernetes CronJobs ({@code k8s-cronjobs/}) name only jobs
 * and parameters the catalog ({@code jobs/}) knows and validates, schedule every job, agree with each other, and keep
 * the operational rules: no overlapping runs, no automatic retries, bounded run time, non-root, read-only root.
 */
class ScheduleCatalogTest {

	private static final Pattern CRON_LINE = Pattern
		.compile("^(\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+)\\s+.*flowbatch run (\\S+)((?:\\s+\\w+=\\S+)*)\\s*>>.*$");

	@Test
	void everyCronJobRunsACatalogJobWithValidParametersUnderTheOperationalRules() throws IOException {
		Map<String, JobDefinition> catalog = shippedCatalog();
		Map<String, String> schedules = new TreeMap<>();
		for (Map<String, Object> cronJob : cronJobs()) {
			Map<String, Object> spec = map(cronJob, "spec");
			Map<String, Object> jobSpec = map(map(spec, "jobTemplate"), "spec");
			Map<String, Object> podSpec = map(map(jobSpec, "template"), "spec");
			Map<String, Object> container = list(podSpec, "containers").get(0);
			List<String> args = ((List<?>) container.get("args")).stream().map(String::valueOf).toList();

			assertThat(args.get(0)).isEqualTo("run");
			JobDefinition job = catalog.get(args.get(1));
			assertThat(job).as("CronJob runs unknown job %s", args.get(1)).isNotNull();
			job.resolveParameters(parameters(args.subList(2, args.size())), LocalDate.now(), shippedProperties()::getProperty);
			// A job may run on two schedules with different parameters (base-backup: full weekly, diff daily).
			schedules.put(String.join(" ", args.subList(1, args.size())), String.valueOf(spec.get("schedule")));

			assertThat(spec).containsEntry("concurrencyPolicy", "Forbid").containsKey("startingDeadlineSeconds");
			assertThat(jobSpec).containsEntry("backoffLimit", 0).containsKey("activeDeadlineSeconds");
			assertThat(podSpec).containsEntry("restartPolicy", "Never");
			assertThat(map(podSpec, "securityContext")).containsEntry("runAsNonRoot", true);
			assertThat(map(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true);
			assertThat(map(container, "resources")).containsKeys("requests", "limits");
			assertThat(list(podSpec, "volumes")).anySatisfy((volume) -> assertThat(volume).containsKey("emptyDir"));
			assertThat(list(container, "envFrom")).anySatisfy((source) -> assertThat(source).containsKey("secretRef"));
		}
		Set<String> scheduledJobs = schedules.keySet()
			.stream()
			.map((runs) -> runs.split(" ")[0])
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(scheduledJobs).isEqualTo(new TreeSet<>(catalog.keySet()));
		assertThat(crontab()).isEqualTo(schedules);
	}

	/** Job name to schedule, from the crontab; parameters there must validate too. */
	private static Map<String, String> crontab() throws IOException {
		Map<String, JobDefinition> catalog = shippedCatalog();
		Map<String, String> schedules = new TreeMap<>();
		for (String line : Files.readAllLines(Path.of("schedules/flowbatch.cron"))) {
			Matcher entry = CRON_LINE.matcher(line);
			if (line.isBlank() || line.startsWith("#") || line.contains("=") && !line.contains("flowbatch run")) {
				continue;
			}
			assertThat(entry.matches()).as("crontab line %s", line).isTrue();
			JobDefinition job = catalog.get(entry.group(2));
			assertThat(job).as("crontab runs unknown job %s", entry.group(2)).isNotNull();
			job.resolveParameters(parameters(List.of(entry.group(3).trim().split("\\s+")).stream()
				.filter((p) -> !p.isEmpty())
				.toList()), LocalDate.now(), shippedProperties()::getProperty);
			schedules.put((job.name() + " " + entry.group(3).trim().replaceAll("\\s+", " ")).strip(),
					entry.group(1).replaceAll("\\s+", " "));
		}
		return schedules;
	}

	/** The jobs in the repository's {@code jobs/} (the test-only job lives elsewhere). */
	private static Map<String, JobDefinition> shippedCatalog() throws IOException {
		Map<String, JobDefinition> jobs = new TreeMap<>();
		try (Stream<Path> files = Files.list(Path.of("jobs"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".yml")).toList()) {
				try (InputStream in = Files.newInputStream(file)) {
					JobDefinition job = JobCatalog.parse(new Yaml().load(in), file.getFileName().toString());
					jobs.put(job.name(), job);
				}
			}
		}
		return jobs;
	}

	private static StandardEnvironment shippedProperties() {
		try {
			StandardEnvironment environment = new StandardEnvironment();
			new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
				.forEach(environment.getPropertySources()::addLast);
			return environment;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<Map<String, Object>> cronJobs() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("k8s-cronjobs"))) {
			return files.filter((file) -> file.getFileName().toString().startsWith("cronjob-")).sorted().map((file) -> {
				try (InputStream in = Files.newInputStream(file)) {
					Map<String, Object> manifest = new Yaml().load(in);
					assertThat(manifest).containsEntry("kind", "CronJob");
					return manifest;
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}).toList();
		}
	}

	private static Map<String, String> parameters(List<String> pairs) {
		Map<String, String> parameters = new HashMap<>();
		pairs.forEach((pair) -> parameters.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1)));
		return parameters;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> parent, String key) {
		return (Map<String, Object>) parent.get(key);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
		return (List<Map<String, Object>>) parent.get(key);
	}

}
