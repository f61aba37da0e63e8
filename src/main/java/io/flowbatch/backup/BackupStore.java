package io.flowbatch.backup;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.flowbatch.storage.ObjectStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/** The backups of the configured database on S3: {@code backups/DATABASE/TIME-execution-N.dump} and its manifest. */
@Component
class BackupStore {

	static final String MANIFEST_SUFFIX = ".manifest.json";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ObjectStore objectStore;

	private final PostgresClient postgres;

	BackupStore(ObjectStore objectStore, PostgresClient postgres) {
		this.objectStore = objectStore;
		this.postgres = postgres;
	}

	/** A backup as its manifest describes it. */
	record Backup(String dumpKey, String manifestKey, Instant startedAt, JsonNode manifest) {
	}

	String newKey(String time, long executionId) {
		return this.objectStore.properties()
			.key("backups/" + this.postgres.databaseName() + "/" + time + "-execution-" + executionId + ".dump");
	}

	/** Every backup with a readable manifest, newest first. */
	List<Backup> all() {
		String prefix = this.objectStore.properties().key("backups/" + this.postgres.databaseName() + "/");
		return this.objectStore.list(prefix)
			.stream()
			.filter((key) -> key.endsWith(MANIFEST_SUFFIX))
			.map(this::read)
			.sorted(Comparator.comparing(Backup::startedAt).reversed())
			.toList();
	}

	/** The backup under a key relative to the prefix (the .dump key), if its manifest exists. */
	Optional<Backup> find(String relativeKey) {
		String manifestKey = this.objectStore.properties().key(relativeKey) + MANIFEST_SUFFIX;
		return this.objectStore.size(manifestKey).isPresent() ? Optional.of(read(manifestKey)) : Optional.empty();
	}

	boolean dumpExists(String relativeKey) {
		return this.objectStore.size(this.objectStore.properties().key(relativeKey)).isPresent();
	}

	void delete(Backup backup) {
		this.objectStore.delete(backup.dumpKey());
		this.objectStore.delete(backup.manifestKey());
	}

	private Backup read(String manifestKey) {
		JsonNode manifest = JSON.readTree(this.objectStore.readSmallText(manifestKey));
		return new Backup(manifestKey.substring(0, manifestKey.length() - MANIFEST_SUFFIX.length()), manifestKey,
				Instant.parse(manifest.get("startedAt").asString()), manifest);
	}

}
