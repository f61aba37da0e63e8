package io.flowbatch.webhookreprocess;

/** A failed event that reprocessing leaves failed, with the reason; skipped in the step, recorded and reported. */
class UnrepairableEventException extends RuntimeException {

	private final ErrorClass errorClass;

	UnrepairableEventException(ErrorClass errorClass, String reason) {
		super(reason);
		this.errorClass = errorClass;
	}

	ErrorClass errorClass() {
		return this.errorClass;
	}

}
