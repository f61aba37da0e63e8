package io.flowbatch.namespace;

/** This database may not write or delete under the configured bucket and prefix; nothing was touched. */
public class NamespaceRefusedException extends RuntimeException {

	NamespaceRefusedException(String message) {
		super(message);
	}

}
