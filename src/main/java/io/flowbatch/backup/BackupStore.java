package io.flowbatch.backup;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flowbatch.storage.ObjectStore;

import org.springframework.stereotype.Component;

/**
 * The backups of the configured database on S3: {@code backups/DATABASE/TIME-execution-N.dump}, its globals
 * ({@code .globals.sql}), its manifest ({@code .manifest.json}, written last: a backup exists once its manifest does)
 * and, when {@code flowbatch.backup.manifest-hmac-key} is set, the manifest's signature ({@code .manifest.hmac}).
 */
@Component
class BackupStore {

	static final String MANIFEST_SUFFIX = ".manifest.json";

	static final String GLOBALS_SUFFIX = ".globals.sql";

	static final String SIGNATURE_SUFFIX = ".manifest.hmac";

	private static final Pattern EXECUTION = Pattern.compile("-execution-(\\d+)\\.dump");

	private final ObjectStore objectStore;

	private final PostgresClient postgres;

	private final Optional<ManifestSignature> signature;

	BackupStore(ObjectStore objectStore, PostgresClient postgres, BackupProperties properties) {
		this.objectStore = objectStore;
		this.postgres = postgres;
		this.signature = properties.manifestHmacKey().isBlank() ? Optional.empty()
				: Optional.of(new ManifestSignature(properties.manifestHmacKey()));
	}

	/**
	 * A backup as its manifest describes it.
	 * @param untrusted why the manifest's signature does not vouch for it; empty when it does or no key is set
	 */
	record Backup(String dumpKey, String manifestKey, BackupManifest manifest, Optional<String> untrusted) {

		Instant startedAt() {
			return this.manifest.startedAt();
		}

		String globalsKey() {
			return this.dumpKey + GLOBALS_SUFFIX;
		}

	}

	String newKey(String time, long executionId) {
		return prefix() + time + "-execution-" + executionId + ".dump";
	}

	/** Every backup with a manifest, newest first. */
	List<Backup> all() {
		return this.objectStore.list(prefix())
			.stream()
			.filter((key) -> key.endsWith(MANIFEST_SUFFIX))
			.map(this::read)
			.sorted(Comparator.comparing(Backup::startedAt).reversed())
			.toList();
	}

	/**
	 * Objects under the database's prefix that belong to no manifest: what a backup killed after its upload and
	 * before its manifest, or a retention killed between its deletes, left behind.
	 */
	List<String> orphans() {
		List<String> keys = this.objectStore.list(prefix());
		Set<String> owned = new HashSet<>();
		for (String key : keys) {
			if (key.endsWith(MANIFEST_SUFFIX)) {
				String dump = key.substring(0, key.length() - MANIFEST_SUFFIX.length());
				owned.addAll(List.of(key, dump, dump + GLOBALS_SUFFIX, dump + SIGNATURE_SUFFIX));
			}
		}
		return keys.stream().filter((key) -> !owned.contains(key)).toList();
	}

	/** The job execution that wrote an object, from its key; empty for keys of another form. */
	static OptionalLong writtenBy(String key) {
		Matcher matcher = EXECUTION.matcher(key);
		return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
	}

	/** The backup under a key relative to the prefix (the .dump key), if its manifest exists. */
	Optional<Backup> find(String relativeKey) {
		String manifestKey = this.objectStore.properties().key(relativeKey) + MANIFEST_SUFFIX;
		return this.objectStore.size(manifestKey).isPresent() ? Optional.of(read(manifestKey)) : Optional.empty();
	}

	boolean dumpExists(String relativeKey) {
		return this.objectStore.size(this.objectStore.properties().key(relativeKey)).isPresent();
	}

	/** Writes the manifest, and its signature first when a key is set: the manifest makes the backup exist. */
	void writeManifest(String dumpKey, BackupManifest manifest) {
		String json = manifest.toJson();
		this.signature.ifPresent((key) -> this.objectStore.createSmall(dumpKey + SIGNATURE_SUFFIX, key.sign(json),
				"text/plain"));
		this.objectStore.createSmall(dumpKey + MANIFEST_SUFFIX, json, "application/json");
	}

	/**
	 * Deletes a backup, its manifest first: a delete interrupted after it leaves objects that {@link #orphans()}
	 * finds, never a manifest whose dump is gone.
	 */
	void delete(Backup backup) {
		this.objectStore.delete(backup.manifestKey());
		this.objectStore.delete(backup.dumpKey() + SIGNATURE_SUFFIX);
		this.objectStore.delete(backup.globalsKey());
		this.objectStore.delete(backup.dumpKey());
	}

	void deleteOrphan(String key) {
		this.objectStore.delete(key);
	}

	/** Uploads under the database's prefix that a backup killed mid-dump started and never completed. */
	List<ObjectStore.Upload> unfinishedUploads() {
		return this.objectStore.unfinishedUploads(prefix());
	}

	void abort(ObjectStore.Upload upload) {
		this.objectStore.abort(upload);
	}

	private String prefix() {
		return this.objectStore.properties().key("backups/" + this.postgres.databaseName() + "/");
	}

	private Backup read(String manifestKey) {
		String json = this.objectStore.readSmallText(manifestKey);
		String dumpKey = manifestKey.substring(0, manifestKey.length() - MANIFEST_SUFFIX.length());
		Optional<String> untrusted = this.signature
			.flatMap((key) -> key.problem(json, this.objectStore.readSmallTextIfExists(dumpKey + SIGNATURE_SUFFIX)));
		return new Backup(dumpKey, manifestKey, BackupManifest.fromJson(json), untrusted);
	}

}
