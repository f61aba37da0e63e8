package io.flowbatch.cli;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * An execution's job parameters as stored by Spring Batch ({@code name}, Java type, value as text) turned into a JSON
 * object whose numbers are numbers and booleans booleans, so that a history export can be queried without parsing
 * strings.
 */
final class TypedParameters {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private TypedParameters() {
	}

	/** {@code rows} is the query's JSON array of {@code {name, type, value}}; null when there are no parameters. */
	static Map<String, Object> fromJson(String rows) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		if (rows == null) {
			return parameters;
		}
		List<Map<String, String>> list = JSON.readValue(rows, new TypeReference<List<Map<String, String>>>() {
		});
		for (Map<String, String> row : list) {
			parameters.put(row.get("name"), typed(row.get("type"), row.get("value")));
		}
		return parameters;
	}

	static Object typed(String type, String value) {
		if (value == null) {
			return null;
		}
		try {
			return switch (type) {
				case "java.lang.Long", "java.lang.Integer", "java.lang.Short" -> Long.valueOf(value);
				case "java.lang.Double", "java.lang.Float" -> new BigDecimal(value);
				case "java.lang.Boolean" -> Boolean.valueOf(value);
				default -> value;
			};
		}
		catch (NumberFormatException ex) {
			// a value its declared type cannot read is shown as it was stored rather than hidden
			return value;
		}
	}

	/** {@code name=value name=value}, for the table. */
	static String inline(Map<String, Object> parameters) {
		return parameters.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + ((entry.getValue() != null) ? entry.getValue() : ""))
			.collect(Collectors.joining(" "));
	}

}
