package io.flowbatch.archiveverify;

/** An object as {@code archive_manifest} recorded it when it was verified and its rows deleted. */
record ManifestObject(String key, String dataset, long rows, long bytes, String sha256, String contentChecksum) {
}
