package io.flowbatch.execution;

/** An advisory lock a running job relies on is no longer held: its database session ended. */
public class LockLostException extends IllegalStateException {

	public LockLostException(String message) {
		super(message);
	}

}
