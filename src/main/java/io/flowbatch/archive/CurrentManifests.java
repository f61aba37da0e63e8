package io.flowbatch.archive;

import java.util.List;
import java.util.Map;

import io.flowbatch.sql.SqlFiles;
import io.flowbatch.storage.ObjectStore;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code PREFIX/DATASET/_manifests/current.json}: the objects {@code archive_manifest} names for a dataset, as a JSON
 * array (keys relative to the prefix), written with one PUT so that a reader gets one whole list. Readers that must
 * be exact while archive-compact may run read the objects it lists (docs/archive.md, "Reading while archive-compact
 * runs"). The archive jobs publish it at the end of each run, archive-compact before it deletes anything and after
 * each promotion.
 */
@Component
public class CurrentManifests {

	private static final String CURRENT = SqlFiles.read("queries/archive/current-manifest.sql");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final ObjectStore objectStore;

	public CurrentManifests(JdbcClient jdbc, ObjectStore objectStore) {
		this.jdbc = jdbc;
		this.objectStore = objectStore;
	}

	public void publish(String dataset) {
		String prefix = this.objectStore.properties().key("");
		List<Map<String, Object>> objects = this.jdbc.sql(CURRENT)
			.param("dataset", dataset)
			.query()
			.listOfRows()
			.stream()
			.map((row) -> {
				Map<String, Object> object = new java.util.LinkedHashMap<>(row);
				object.put("object_key", String.valueOf(row.get("object_key")).substring(prefix.length()));
				return object;
			})
			.toList();
		this.objectStore.replaceSmall(key(dataset), JSON.writeValueAsString(objects), "application/json");
	}

	/** The full key of a dataset's current manifest. */
	public String key(String dataset) {
		return this.objectStore.properties().key(dataset + "/_manifests/current.json");
	}

}
