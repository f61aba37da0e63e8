package io.flowbatch.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.Yaml;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The job catalog: one {@code jobs/NAME.yml} per job, the single source for {@code flowbatch jobs}, for parameter
 * validation before anything runs, and for the checks on schedules and Kubernetes manifests.
 */
public final class JobCatalog {

	private final List<JobDefinition> jobs;

	JobCatalog(List<JobDefinition> jobs) {
		this.jobs = jobs.stream().sorted(Comparator.comparing(JobDefinition::name)).toList();
	}

	/** Loads every {@code jobs/*.yml} on the classpath (the jar ships the repository's {@code jobs/}). */
	public static JobCatalog fromClasspath() {
		try {
			Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:jobs/*.yml");
			List<JobDefinition> jobs = new ArrayList<>();
			for (Resource file : files) {
				try (InputStream in = file.getInputStream()) {
					jobs.add(parse(new Yaml().load(in), file.getFilename()));
				}
			}
			return new JobCatalog(jobs);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the job catalog", ex);
		}
	}

	public List<JobDefinition> jobs() {
		return this.jobs;
	}

	public Optional<JobDefinition> find(String name) {
		return this.jobs.stream().filter((job) -> job.name().equals(name)).findFirst();
	}

	public List<String> names() {
		return this.jobs.stream().map(JobDefinition::name).toList();
	}

	@SuppressWarnings("unchecked")
	static JobDefinition parse(Map<String, Object> yaml, String fileName) {
		String name = requireText(yaml, "name", fileName);
		if (!fileName.equals(name + ".yml")) {
			throw new IllegalStateException("catalog file " + fileName + " must be named after its job: " + name
					+ ".yml");
		}
		Map<String, Map<String, Object>> parameters = (Map<String, Map<String, Object>>) yaml
			.getOrDefault("parameters", Map.of());
		List<ParameterDefinition> definitions = new ArrayList<>();
		parameters.forEach((parameterName, spec) -> definitions.add(new ParameterDefinition(parameterName,
				ParameterType.fromCatalogName(requireText(spec, "type", fileName)),
				Boolean.TRUE.equals(spec.get("identifying")), text(spec.get("default")), text(spec.get("min")),
				text(spec.get("max")), String.valueOf(spec.getOrDefault("description", "")))));
		List<String> requires = ((List<Object>) yaml.getOrDefault("requires", List.of())).stream()
			.map(String::valueOf)
			.toList();
		return new JobDefinition(name, requireText(yaml, "description", fileName), text(yaml.get("zone")),
				requires, List.copyOf(definitions));
	}

	private static String requireText(Map<String, Object> yaml, String key, String fileName) {
		String value = text(yaml.get(key));
		if (value == null || value.isBlank()) {
			throw new IllegalStateException("catalog file " + fileName + " lacks '" + key + "'");
		}
		return value;
	}

	private static String text(Object value) {
		// YAML reads an unquoted 2026-11-01 as a timestamp at UTC midnight; the catalog means the calendar day.
		if (value instanceof java.util.Date date) {
			return date.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
		}
		return (value != null) ? value.toString() : null;
	}

}
