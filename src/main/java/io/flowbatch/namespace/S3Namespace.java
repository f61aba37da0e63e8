package io.flowbatch.namespace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.flowbatch.archive.UploadAttempts;
import io.flowbatch.config.FlowbatchVersion;
import io.flowbatch.sql.SqlFiles;
import io.flowbatch.storage.ObjectAlreadyExistsException;
import io.flowbatch.storage.ObjectStore;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The S3 namespace (bucket and prefix) flowbatch writes archives and backups under belongs to one database. The
 * first job that needs S3 claims an empty namespace by writing {@value #MARKER} under the prefix (a conditional
 * write: of two databases claiming at once, one wins); every job that needs S3 checks it first and is refused when
 * it names another database. Two deployments pointed at the same bucket and prefix (staging and production, two
 * regions, a production copy restored elsewhere) therefore never delete each other's objects (docs/reliability.md).
 * <p>
 * A namespace that holds objects but no marker was written before flowbatch had markers: {@link #claim()} adopts it
 * after checking that every archive object in it was written by this database.
 */
@Component
public class S3Namespace {

	static final String MARKER = "_flowbatch-namespace.json";

	/** Where the backup jobs keep each database's dumps: {@code backups/DATABASE/...}. */
	private static final String BACKUPS = "backups/";

	private static final String IDENTITY = SqlFiles.read("queries/namespace/identity.sql");

	private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();

	private final ObjectStore objectStore;

	private final JdbcClient jdbc;

	private final UploadAttempts attempts;

	public S3Namespace(ObjectStore objectStore, JdbcClient jdbc, UploadAttempts attempts) {
		this.objectStore = objectStore;
		this.jdbc = jdbc;
		this.attempts = attempts;
	}

	/** The namespace's owner, if it has been claimed. */
	public Optional<NamespaceOwner> owner() {
		return this.objectStore.readSmallTextIfExists(markerKey())
			.map((json) -> JSON.readValue(json, NamespaceOwner.class));
	}

	/**
	 * Returns when this database owns the namespace, or may claim it because it is empty (and claims it when
	 * {@code claimIfEmpty}).
	 * @throws NamespaceRefusedException when another database owns it, or it holds objects but has no owner yet
	 */
	public NamespaceOwner check(boolean claimIfEmpty) {
		NamespaceOwner self = self();
		Optional<NamespaceOwner> owner = owner();
		if (owner.isEmpty()) {
			if (this.objectStore.anyUnder(prefix())) {
				throw new NamespaceRefusedException(location() + " holds objects but no owner marker (" + MARKER
						+ "): it was written before flowbatch recorded owners, or by something else. Run 'flowbatch"
						+ " namespace claim' once with the database that wrote it (docs/reliability.md)");
			}
			if (!claimIfEmpty) {
				return self;
			}
			owner = Optional.of(write(self));
		}
		return checkOwnedBy(self, owner.get());
	}

	/**
	 * Claims a namespace without a marker that already holds objects, if every archive object in it was written by
	 * this database and every backup in it is of this database; claims an empty one; accepts one this database
	 * owns.
	 * @throws NamespaceRefusedException naming the objects that are not this database's
	 */
	public NamespaceOwner claim() {
		NamespaceOwner self = self();
		Optional<NamespaceOwner> owner = owner();
		if (owner.isPresent()) {
			return checkOwnedBy(self, owner.get());
		}
		List<String> foreign = foreignObjects(self);
		if (!foreign.isEmpty()) {
			throw new NamespaceRefusedException(location() + " holds " + foreign.size() + " objects this database did"
					+ " not write (" + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
					+ ((foreign.size() > 5) ? ", ..." : "") + "); it was not claimed. Point this deployment at a"
					+ " prefix of its own (flowbatch.s3.prefix), or move those objects away first");
		}
		return checkOwnedBy(self, write(self));
	}

	private List<String> foreignObjects(NamespaceOwner self) {
		String prefix = prefix();
		List<String> parquet = new ArrayList<>();
		List<String> foreign = new ArrayList<>();
		for (String key : this.objectStore.list(prefix)) {
			String relative = key.substring(prefix.length());
			if (relative.endsWith(".parquet")) {
				parquet.add(key);
			}
			else if (relative.startsWith(BACKUPS) && !relative.startsWith(BACKUPS + self.database() + "/")) {
				foreign.add(key);
			}
		}
		for (int from = 0; from < parquet.size(); from += 1_000) {
			Map<String, UploadAttempts.Ownership> ownership = this.attempts
				.ownership(parquet.subList(from, Math.min(parquet.size(), from + 1_000)));
			ownership.forEach((key, owner) -> {
				if (owner == UploadAttempts.Ownership.FOREIGN) {
					foreign.add(key);
				}
			});
		}
		return foreign;
	}

	private NamespaceOwner checkOwnedBy(NamespaceOwner self, NamespaceOwner owner) {
		if (!owner.isSameDatabase(self)) {
			throw new NamespaceRefusedException(location() + " belongs to " + owner.describe() + " (claimed "
					+ owner.claimedAt() + " by flowbatch " + owner.flowbatchVersion() + "); this is "
					+ self.describe() + ". Each database needs a namespace of its own: set flowbatch.s3.prefix"
					+ " (FLOWBATCH_S3_PREFIX) or flowbatch.s3.bucket");
		}
		return owner;
	}

	/** Writes the marker unless one exists; returns the marker that is there afterwards. */
	private NamespaceOwner write(NamespaceOwner self) {
		try {
			this.objectStore.createSmall(markerKey(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(self),
					"application/json");
			return self;
		}
		catch (ObjectAlreadyExistsException ex) {
			// Another process claimed it first.
			return owner().orElseThrow();
		}
	}

	private NamespaceOwner self() {
		return this.jdbc.sql(IDENTITY)
			.query((row, n) -> new NamespaceOwner(row.getString("system_identifier"), row.getString("database"),
					Instant.now(), FlowbatchVersion.current()))
			.single();
	}

	private String markerKey() {
		return this.objectStore.properties().key(MARKER);
	}

	/** The prefix with its trailing slash (empty for the whole bucket). */
	private String prefix() {
		String prefix = this.objectStore.properties().prefix();
		return prefix.isEmpty() ? "" : prefix + "/";
	}

	private String location() {
		return "s3://" + this.objectStore.properties().bucket() + "/" + prefix();
	}

}
