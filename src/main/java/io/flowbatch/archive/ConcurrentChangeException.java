package io.flowbatch.archive;

import java.util.Map;
import java.util.Objects;

/**
 * Rows of a partition changed in PostgreSQL between their export and their delete (updated, deleted, or added where
 * the delete would take them): the partition's transaction rolls back, and archiving it again exports the new state.
 */
public class ConcurrentChangeException extends ArchiveVerificationException {

	private ConcurrentChangeException(String message) {
		super(message);
	}

	static ConcurrentChangeException between(String dataset, String partition, Map<String, Long> verified,
			Map<String, Long> deleted) {
		long updated = verified.keySet()
			.stream()
			.filter((id) -> deleted.containsKey(id) && !Objects.equals(verified.get(id), deleted.get(id)))
			.count();
		long gone = verified.keySet().stream().filter((id) -> !deleted.containsKey(id)).count();
		long added = deleted.keySet().stream().filter((id) -> !verified.containsKey(id)).count();
		return new ConcurrentChangeException(dataset + " rows of " + partition + " changed in PostgreSQL after they"
				+ " were exported (" + updated + " updated, " + gone + " deleted, " + added + " not in the object);"
				+ " the partition was rolled back and nothing of it was deleted");
	}

}
