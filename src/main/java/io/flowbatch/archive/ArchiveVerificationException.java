package io.flowbatch.archive;

/** An object read back from S3 differs from what was read from PostgreSQL: nothing of it is deleted. */
public class ArchiveVerificationException extends RuntimeException {

	public ArchiveVerificationException(String message) {
		super(message);
	}

}
