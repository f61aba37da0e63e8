package io.flowbatch.storage;

/** The S3 endpoint cannot be reached, or refuses the credentials or the bucket. */
public class StorageUnavailableException extends RuntimeException {

	public StorageUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
