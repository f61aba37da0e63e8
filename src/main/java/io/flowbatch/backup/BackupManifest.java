package io.flowbatch.backup;

import java.time.Instant;
import java.util.Map;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What backup wrote and what backup-verify and restore-test check against: the dump object, the roles and
 * tablespaces next to it ({@code pg_dumpall --globals-only --no-role-passwords}), and every table's fingerprint taken
 * in the dump's snapshot. Stored as JSON next to the dump ({@code .manifest.json}).
 * @param globals the globals object; null in manifests written before it existed
 * @param tables per table (schema-qualified, quoted), its fingerprint
 */
public record BackupManifest(String database, Instant snapshotTime, String serverVersion, String pgDumpVersion,
		Instant startedAt, Instant endedAt, String object, long size, String sha256, Long jobExecutionId,
		StoredObject globals, Map<String, TableFingerprint> tables) {

	/** Readers ignore what newer writers add: a manifest outlives the version that wrote it. */
	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	/** An object next to the dump, as it was written. */
	public record StoredObject(String object, long size, String sha256) {
	}

	/** A table's exact row count and, when it has a primary key, the hash of its first 100 rows by it. */
	public record TableFingerprint(long rowCount, String sampleHash) {
	}

	String toJson() {
		return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
	}

	static BackupManifest fromJson(String json) {
		return JSON.readValue(json, BackupManifest.class);
	}

}
