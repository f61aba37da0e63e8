package io.flowbatch.backup;

/** A failed check of a backup; its message names the check first, for the exit description and alerts. */
final class BackupCheckFailed extends RuntimeException {

	BackupCheckFailed(String check, String detail) {
		super(check + " check failed: " + detail);
	}

}
