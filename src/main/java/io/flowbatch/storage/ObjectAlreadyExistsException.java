package io.flowbatch.storage;

/** A conditional write found the key taken: flowbatch never overwrites an object. */
public class ObjectAlreadyExistsException extends RuntimeException {

	public ObjectAlreadyExistsException(String key) {
		super("s3 object " + key + " already exists; flowbatch never overwrites an object");
	}

}
