package io.flowbatch.archive;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.flowbatch.sql.SqlFiles;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The objects this database started to write ({@code archive_upload_attempts}), recorded and committed before the
 * first byte is sent, so that what a clean-up may delete under a shared prefix is decided by facts of this database,
 * never by the absence of a manifest row.
 */
@Component
public class UploadAttempts {

	private static final String INSERT = SqlFiles.read("queries/archive/upload-attempt-insert.sql");

	private static final String OWNERSHIP = SqlFiles.read("queries/archive/object-ownership.sql");

	/** Who an object under the prefix belongs to. */
	public enum Ownership {

		/** The verified archive of record: its rows were deleted because of it. Never touched. */
		RECORDED,
		/** Written by an attempt of this database that was never recorded: none of its rows was deleted. */
		UNRECORDED_ATTEMPT,
		/** Not written by this database. Never touched. */
		FOREIGN

	}

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	public UploadAttempts(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** Commits the attempt at once, whatever the caller's transaction does later. */
	public void record(String key, String dataset, long executionId) {
		this.ownTransaction.executeWithoutResult((status) -> this.jdbc.sql(INSERT)
			.param("object_key", key)
			.param("dataset", dataset)
			.param("job_execution_id", executionId)
			.update());
	}

	public Map<String, Ownership> ownership(List<String> keys) {
		if (keys.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql(OWNERSHIP)
			.param("keys", keys.toArray(String[]::new))
			.query((row, n) -> Map.entry(row.getString("object_key"),
					row.getBoolean("recorded") ? Ownership.RECORDED
							: row.getBoolean("attempted") ? Ownership.UNRECORDED_ATTEMPT : Ownership.FOREIGN))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

}
