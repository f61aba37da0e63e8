package io.flowbatch.config;

/** The configuration would make a job misbehave; nothing was started. */
public class InvalidSettingsException extends RuntimeException {

	public InvalidSettingsException(String message) {
		super("invalid settings: " + message + "; nothing was started");
	}

}
