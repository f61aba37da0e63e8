package io.flowbatch.backup;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/** backup-verify's and restore-test's {@code backup} parameter: an unknown key is refused before an execution exists. */
class KnownBackup implements JobParametersValidator {

	private final BackupStore backups;

	KnownBackup(BackupStore backups) {
		this.backups = backups;
	}

	@Override
	public void validate(JobParameters parameters) throws InvalidJobParametersException {
		String backup = parameters.getString("backup");
		if (backup != null && !backup.equals("latest") && !this.backups.dumpExists(backup)
				&& this.backups.find(backup).isEmpty()) {
			throw new InvalidJobParametersException("unknown backup '" + backup + "': no such object or manifest"
					+ " (keys are relative to flowbatch.s3.prefix, e.g. backups/DB/20261121T030000Z-execution-7.dump)");
		}
	}

}
