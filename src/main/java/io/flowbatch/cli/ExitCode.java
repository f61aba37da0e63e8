package io.flowbatch.cli;

/** The process exit codes a scheduler can act on; README "Exit codes" documents the same table. */
public enum ExitCode {

	/** The command did what it was asked; for run/restart the execution ended COMPLETED. */
	OK(0),
	/** The execution ended FAILED: read {@code status ID}, fix the cause, {@code restart ID}. */
	JOB_FAILED(1),
	/** The command line was refused (unknown job, bad parameter, unknown or completed execution); nothing ran. */
	USAGE(2),
	/** PostgreSQL could not be reached or refused the login; nothing ran. */
	DATABASE_UNAVAILABLE(3),
	/** The S3 endpoint could not be reached or refused the credentials; nothing was deleted. */
	STORAGE_UNAVAILABLE(4),
	/** The execution ended STOPPED (stop command or SIGTERM): restartable with {@code restart ID}. */
	JOB_STOPPED(5),
	/** Another process is running this job instance or execution right now; nothing ran. */
	ALREADY_RUNNING(6),
	/** {@code worker}: the RabbitMQ broker could not be reached or refused the login; nothing ran. */
	BROKER_UNAVAILABLE(7),
	/** An unexpected internal error; the message says what failed. */
	INTERNAL_ERROR(70);

	private final int code;

	ExitCode(int code) {
		this.code = code;
	}

	public int code() {
		return this.code;
	}

}
