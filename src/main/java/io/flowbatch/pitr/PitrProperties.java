package io.flowbatch.pitr;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code flowbatch.pitr.*}: how flowbatch reaches pgBackRest and where the drill's scratch cluster lives.
 * @param stanza the pgBackRest stanza of the database in {@code spring.datasource.url}
 * @param config the pgBackRest configuration file
 * @param pgbackrest the pgBackRest executable (a name on the PATH or a path)
 * @param runAs the OS user that runs pgBackRest and the drill's scratch cluster (the database cluster's owner, as
 * pgBackRest requires one owner for a repository); empty: the user flowbatch runs as
 * @param rpo wal-archive-check fails when WAL written longer ago than this is not archived
 * @param backupMaxAge wal-archive-check fails when the newest base backup is older than this
 * @param serverBinDir where {@code pg_ctl} and {@code postgres} of the stanza's major version are; empty:
 * {@code /usr/lib/postgresql/VERSION/bin} (Debian's layout)
 * @param scratchDir the drill restores into a directory below this one and deletes it afterwards; empty:
 * {@code java.io.tmpdir/flowbatch-pitr}
 * @param ports the local ports the drill's scratch cluster may listen on ({@code FROM-TO})
 * @param rtoTarget pitr-test fails when restore + recovery + validation take longer than this
 * @param recoveryTimeout how long the drill waits for the scratch cluster to reach the target and promote
 * @param validationUsername the role pitr-test validates the restored copy as: a role of production's (so of the
 * copy) that may only read the markers and the flow-metrics tables, e.g. a member of {@code pg_read_all_data};
 * empty: the application's user
 * @param validationPassword that role's password
 */
@ConfigurationProperties("flowbatch.pitr")
public record PitrProperties(@DefaultValue("main") String stanza,
		@DefaultValue("/etc/pgbackrest/pgbackrest.conf") String config, @DefaultValue("pgbackrest") String pgbackrest,
		@DefaultValue("") String runAs, @DefaultValue("5m") Duration rpo, @DefaultValue("26h") Duration backupMaxAge,
		@DefaultValue("") String serverBinDir, @DefaultValue("") String scratchDir,
		@DefaultValue("54300-54399") String ports, @DefaultValue("1h") Duration rtoTarget,
		@DefaultValue("2h") Duration recoveryTimeout, @DefaultValue("") String validationUsername,
		@DefaultValue("") String validationPassword) {

	/** The first and last port of {@link #ports()}. */
	int[] portRange() {
		String[] bounds = this.ports.strip().split("-");
		try {
			int from = Integer.parseInt(bounds[0].strip());
			int to = (bounds.length > 1) ? Integer.parseInt(bounds[1].strip()) : from;
			if (bounds.length > 2 || from < 1024 || to > 65535 || from > to) {
				throw new NumberFormatException();
			}
			return new int[] { from, to };
		}
		catch (NumberFormatException ex) {
			throw new IllegalStateException("flowbatch.pitr.ports must be FROM-TO within 1024-65535, not '"
					+ this.ports + "'");
		}
	}

	/** The role the drill validates the copy as: {@code validation-username}, else the application's. */
	ValidationRole validationRole(String applicationUsername, String applicationPassword) {
		return this.validationUsername.isBlank() ? new ValidationRole(applicationUsername, applicationPassword)
				: new ValidationRole(this.validationUsername, this.validationPassword);
	}

	/** A role's name and password (null or empty: none). */
	record ValidationRole(String username, String password) {

		boolean hasPassword() {
			return this.password != null && !this.password.isEmpty();
		}

		/** Without the password: nothing that prints the role shows it. */
		@Override
		public String toString() {
			return this.username;
		}

	}

	Path scratchDirectory() {
		return this.scratchDir.isBlank() ? Path.of(System.getProperty("java.io.tmpdir"), "flowbatch-pitr")
				: Path.of(this.scratchDir);
	}

	/** The server binaries for a cluster of this major version. */
	Path serverBinaries(String majorVersion) {
		return this.serverBinDir.isBlank() ? Path.of("/usr/lib/postgresql", majorVersion, "bin")
				: Path.of(this.serverBinDir);
	}

}
