package io.flowbatch.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * A job as the catalog ({@code jobs/NAME.yml}) describes it.
 * @param zoneProperty the property naming the zone its date parameters are read in, or null for
 * {@code flowbatch.zone}
 */
public record JobDefinition(String name, String description, @Nullable String zoneProperty,
		List<ParameterDefinition> parameters) {

	public Optional<ParameterDefinition> parameter(String parameterName) {
		return this.parameters.stream().filter((p) -> p.name().equals(parameterName)).findFirst();
	}

	/**
	 * Validates {@code name=value} pairs given on the command line and completes them with the catalog defaults.
	 * @param given the values as typed
	 * @param today the current day in the configured zone, for {@code today}/{@code yesterday}
	 * @throws InvalidParametersException listing every problem found, when there is any
	 */
	public JobParameters resolveParameters(Map<String, String> given, LocalDate today) {
		List<String> problems = new ArrayList<>();
		given.keySet()
			.stream()
			.filter((name) -> parameter(name).isEmpty())
			.forEach((name) -> problems.add("unknown parameter '" + name + "' (" + this.name + " takes: "
					+ String.join(", ", this.parameters.stream().map(ParameterDefinition::name).toList()) + ")"));
		Map<ParameterDefinition, Object> values = new LinkedHashMap<>();
		for (ParameterDefinition parameter : this.parameters) {
			String raw = given.getOrDefault(parameter.name(), parameter.defaultValue());
			if (raw == null) {
				problems.add("missing required parameter '" + parameter.name() + "' (" + parameter.type().catalogName()
						+ ")");
				continue;
			}
			try {
				values.put(parameter, parameter.convert(raw, today));
			}
			catch (IllegalArgumentException ex) {
				problems.add("parameter '" + parameter.name() + "' " + ex.getMessage());
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidParametersException(this.name, problems);
		}
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

}
