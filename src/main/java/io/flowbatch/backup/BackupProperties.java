package io.flowbatch.backup;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code flowbatch.backup.*}.
 * @param pgBinDir where {@code pg_dump} and {@code pg_restore} are; empty for the PATH
 */
@ConfigurationProperties("flowbatch.backup")
public record BackupProperties(@DefaultValue("") String pgBinDir) {

	String tool(String name) {
		return this.pgBinDir.isBlank() ? name : this.pgBinDir + "/" + name;
	}

}
