package io.flowbatch.testsupport;

import java.util.List;
import java.util.Map;

/** Typed steps into a YAML document as SnakeYAML loads it (maps, lists of maps, lists of values). */
public final class YamlTrees {

	private YamlTrees() {
	}

	@SuppressWarnings("unchecked")
	public static Map<String, Object> map(Map<String, Object> parent, String key) {
		return (Map<String, Object>) parent.get(key);
	}

	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> maps(Map<String, Object> parent, String key) {
		return (List<Map<String, Object>>) parent.get(key);
	}

	public static List<?> values(Map<String, Object> parent, String key) {
		return (List<?>) parent.get(key);
	}

}
