package io.flowbatch.namespace;

import java.time.Instant;

/**
 * The database that owns an S3 namespace (bucket and prefix), as its marker object records it: only this database's
 * jobs write or delete under the prefix.
 * @param systemIdentifier the cluster's {@code system_identifier} ({@code pg_control_system()})
 * @param database the database's name
 * @param claimedAt when the namespace was claimed
 * @param flowbatchVersion the flowbatch version that claimed it
 */
public record NamespaceOwner(String systemIdentifier, String database, Instant claimedAt, String flowbatchVersion) {

	/** Whether {@code other} is the same database (the claim's time and version do not matter). */
	boolean isSameDatabase(NamespaceOwner other) {
		return this.systemIdentifier.equals(other.systemIdentifier) && this.database.equals(other.database);
	}

	String describe() {
		return "database '" + this.database + "' of the PostgreSQL cluster with system identifier "
				+ this.systemIdentifier;
	}

}
