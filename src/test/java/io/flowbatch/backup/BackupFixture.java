package io.flowbatch.backup;

import io.flowbatch.testsupport.ArchiveReader;
import io.flowbatch.testsupport.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

/** The backup that backup-verify and restore-test tests start from. */
final class BackupFixture {

	private BackupFixture() {
	}

	/**
	 * Runs {@code backup} (a new instance, by {@code rerun}) under {@code flowbatch.s3.prefix = prefix}; returns the
	 * dump's key.
	 */
	static String takeBackup(String prefix, long rerun) {
		System.setProperty("flowbatch.s3.prefix", prefix);
		CliRun backup = CliRun.of("run", "backup", "rerun=" + rerun);
		assertThat(backup.exitCode()).as(backup.toString()).isZero();
		return ArchiveReader.keys(prefix + "/backups/").stream()
			.filter((key) -> key.endsWith(".dump"))
			.findFirst()
			.orElseThrow();
	}

}
