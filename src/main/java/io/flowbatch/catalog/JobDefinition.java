package io.flowbatch.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * A job as the catalog ({@code jobs/NAME.yml}) describes it.
 * @param zone the zone its date parameters ({@code today}, {@code before=...}) are read in: a zone id or a
 * {@code ${property}} placeholder; null for {@code flowbatch.zone}
 * @param requires external services the job needs beyond PostgreSQL ({@code s3}), checked before it starts
 */
public record JobDefinition(String name, String description, @Nullable String zone, List<String> requires,
		List<ParameterDefinition> parameters) {

	public Optional<ParameterDefinition> parameter(String parameterName) {
		return this.parameters.stream().filter((p) -> p.name().equals(parameterName)).findFirst();
	}

	/** Resolves with no configuration properties at hand; see the three-argument form. */
	public JobParameters resolveParameters(Map<String, String> given, LocalDate today) {
		return resolveParameters(given, today, (property) -> null);
	}

	/**
	 * Validates {@code name=value} pairs given on the command line and completes them with the catalog defaults.
	 * Defaults and bounds may hold placeholders: {@code ${name}} of a parameter declared earlier, or of a
	 * configuration property, e.g. {@code default: today-${olderThanDays}}, {@code min: ${flowbatch.x.floor}}.
	 * @param given the values as typed
	 * @param today the current day in the configured zone, for {@code today}/{@code yesterday}/{@code today-N}
	 * @param properties looks up configuration properties; null when unknown
	 * @throws InvalidParametersException listing every problem found, when there is any
	 */
	public JobParameters resolveParameters(Map<String, String> given, LocalDate today,
			Function<String, String> properties) {
		List<String> problems = new ArrayList<>();
		given.keySet()
			.stream()
			.filter((name) -> parameter(name).isEmpty())
			.forEach((name) -> problems.add("unknown parameter '" + name + "' (" + this.name + " takes: "
					+ String.join(", ", this.parameters.stream().map(ParameterDefinition::name).toList()) + ")"));
		Map<ParameterDefinition, Object> values = new LinkedHashMap<>();
		Map<String, String> resolved = new LinkedHashMap<>();
		Function<String, String> placeholders = (name) -> {
			if (resolved.containsKey(name)) {
				return resolved.get(name);
			}
			if (parameter(name).isPresent()) {
				throw new DependsOnInvalidParameter();
			}
			return properties.apply(name);
		};
		for (ParameterDefinition parameter : this.parameters) {
			try {
				resolveOne(parameter, given, today, placeholders, values, resolved, problems);
			}
			catch (DependsOnInvalidParameter ex) {
				// Derived from a parameter already reported as invalid.
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidParametersException(this.name, problems);
		}
		return toJobParameters(values);
	}

	private void resolveOne(ParameterDefinition parameter, Map<String, String> given, LocalDate today,
			Function<String, String> placeholders, Map<ParameterDefinition, Object> values,
			Map<String, String> resolved, List<String> problems) {
		String raw = given.containsKey(parameter.name()) ? given.get(parameter.name())
				: Placeholders.resolve(parameter.defaultValue(), placeholders);
		if (raw == null) {
			problems.add("missing required parameter '" + parameter.name() + "' (" + parameter.type().catalogName()
					+ ")");
			return;
		}
		try {
			Object value = parameter.withBounds(Placeholders.resolve(parameter.min(), placeholders),
					Placeholders.resolve(parameter.max(), placeholders))
				.convert(raw, today);
			values.put(parameter, value);
			resolved.put(parameter.name(), value.toString());
		}
		catch (IllegalArgumentException ex) {
			problems.add("parameter '" + parameter.name() + "' " + ex.getMessage());
		}
	}

	private static JobParameters toJobParameters(Map<ParameterDefinition, Object> values) {
		JobParametersBuilder builder = new JobParametersBuilder();
		values.forEach((parameter, value) -> {
			if (value instanceof Long number) {
				builder.addLong(parameter.name(), number, parameter.identifying());
			}
			else if (value instanceof LocalDate date) {
				builder.addLocalDate(parameter.name(), date, parameter.identifying());
			}
			else {
				builder.addString(parameter.name(), value.toString(), parameter.identifying());
			}
		});
		return builder.toJobParameters();
	}

	private static final class DependsOnInvalidParameter extends RuntimeException {

		DependsOnInvalidParameter() {
			super(null, null, false, false);
		}

	}

}
