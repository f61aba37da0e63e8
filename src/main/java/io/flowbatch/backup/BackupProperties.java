package io.flowbatch.backup;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code flowbatch.backup.*}.
 * @param pgBinDir where {@code pg_dump} and {@code pg_restore} are; empty for the PATH
 * @param rpo the recovery point objective: backup-verify fails when the newest backup is older
 */
@ConfigurationProperties("flowbatch.backup")
public record BackupProperties(@DefaultValue("") String pgBinDir, @DefaultValue("26h") java.time.Duration rpo) {

	String tool(String name) {
		return this.pgBinDir.isBlank() ? name : this.pgBinDir + "/" + name;
	}

}
