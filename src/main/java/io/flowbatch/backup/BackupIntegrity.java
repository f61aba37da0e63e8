package io.flowbatch.backup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

import io.flowbatch.backup.BackupManifest.StoredObject;
import io.flowbatch.storage.ObjectStore;

import org.springframework.stereotype.Component;

/**
 * The checks that backup-verify runs and restore-test repeats before it restores anything: the manifest exists and,
 * with a key set, its signature vouches for it; the dump and the globals have the manifest's size and SHA-256.
 */
@Component
class BackupIntegrity {

	private final BackupStore backups;

	private final ObjectStore objectStore;

	BackupIntegrity(BackupStore backups, ObjectStore objectStore) {
		this.backups = backups;
		this.objectStore = objectStore;
	}

	/** The requested backup: {@code latest} or a key relative to the prefix. */
	BackupStore.Backup find(String requested) {
		if (requested.equals("latest")) {
			return this.backups.all().stream().findFirst()
				.orElseThrow(() -> new BackupCheckFailed("manifest", "no backup found"));
		}
		return this.backups.find(requested)
			.orElseThrow(() -> new BackupCheckFailed("manifest", "the manifest of " + requested + " is missing"));
	}

	/** Fails unless the manifest's signature vouches for it (always passes without a key). */
	void checkSignature(BackupStore.Backup backup) {
		backup.untrusted().ifPresent((problem) -> {
			throw new BackupCheckFailed("signature", backup.dumpKey() + ": " + problem);
		});
	}

	/** Downloads the dump to {@code local} after its size check; fails unless it is the manifest's. */
	void download(BackupStore.Backup backup, Path local) {
		OptionalLong size = this.objectStore.size(backup.dumpKey());
		if (size.isEmpty()) {
			throw new BackupCheckFailed("object", backup.dumpKey() + " is missing");
		}
		if (size.getAsLong() != backup.manifest().size()) {
			throw new BackupCheckFailed("size", backup.dumpKey() + " has " + size.getAsLong() + " bytes, the manifest "
					+ backup.manifest().size());
		}
		String sha256 = this.objectStore.download(backup.dumpKey(), local);
		if (!sha256.equals(backup.manifest().sha256())) {
			throw new BackupCheckFailed("checksum", backup.dumpKey() + " has SHA-256 " + sha256 + ", the manifest "
					+ backup.manifest().sha256());
		}
	}

	/** The roles and tablespaces stored with the dump, checked; empty for backups taken before they were stored. */
	Optional<String> globals(BackupStore.Backup backup) {
		StoredObject recorded = backup.manifest().globals();
		if (recorded == null) {
			return Optional.empty();
		}
		String globals = this.objectStore.readSmallTextIfExists(backup.globalsKey())
			.orElseThrow(() -> new BackupCheckFailed("globals", backup.globalsKey() + " is missing"));
		long size = globals.getBytes(StandardCharsets.UTF_8).length;
		String sha256 = BackupDumpTasklet.sha256(globals);
		if (size != recorded.size() || !sha256.equals(recorded.sha256())) {
			throw new BackupCheckFailed("globals", backup.globalsKey() + " has " + size + " bytes and SHA-256 " + sha256
					+ ", the manifest " + recorded.size() + " bytes and " + recorded.sha256());
		}
		return Optional.of(globals);
	}

}
