package io.flowbatch.archivecompact.internal;

/** A compaction group's inputs or merged object are not what they must be; nothing of the group was changed. */
public class CompactionVerificationException extends RuntimeException {

	public CompactionVerificationException(String message) {
		super(message);
	}

}
