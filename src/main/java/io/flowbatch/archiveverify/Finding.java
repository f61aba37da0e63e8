package io.flowbatch.archiveverify;

/** What is wrong with one archived object. */
record Finding(String key, Problem problem, String detail) {

	enum Problem {

		/** No object under the key. */
		MISSING,
		/** Not the recorded number of bytes. */
		SIZE_DIFFERS,
		/** The recorded size, other bytes. */
		SHA256_DIFFERS,
		/** Could not be read (S3 error) or parsed as Parquet. */
		UNREADABLE,
		/** {@code full=true}: not the recorded number of rows. */
		ROWS_DIFFER,
		/** {@code full=true}: the recorded rows, other values. */
		CONTENT_DIFFERS

	}

	@Override
	public String toString() {
		return this.key + ": " + this.problem.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " ("
				+ this.detail + ")";
	}

}
