package io.flowbatch.backup;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code flowbatch.backup.*}.
 * @param pgBinDir where {@code pg_dump}, {@code pg_dumpall}, {@code pg_restore} and {@code psql} are; empty for the
 * PATH
 * @param rpo the recovery point objective: backup-verify fails when the newest backup is older
 * @param manifestHmacKey the key of the HMAC-SHA256 over each manifest, held outside the bucket; when set, backup
 * signs every manifest and backup-verify and restore-test trust no backup whose signature is missing or wrong
 */
@ConfigurationProperties("flowbatch.backup")
public record BackupProperties(@DefaultValue("") String pgBinDir, @DefaultValue("26h") java.time.Duration rpo,
		@DefaultValue("") String manifestHmacKey) {

	String tool(String name) {
		return this.pgBinDir.isBlank() ? name : this.pgBinDir + "/" + name;
	}

}
