package io.flowbatch.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.flowbatch.backup.BackupManifest.TableFingerprint;
import io.flowbatch.sql.SqlFiles;

/**
 * restore-test's checks of a restored copy: per-table row counts and sample hashes equal to the manifest's, sequences
 * at or past their columns' maximum, no invalid index, no unvalidated constraint. Public for the backup benchmark,
 * whose bare baseline runs the same checks.
 */
public final class RestoredCopyValidation {

	private static final String SEQUENCE_COLUMNS = SqlFiles.read("queries/restore-test/sequence-columns.sql");

	private static final String STRUCTURAL_PROBLEMS = SqlFiles.read("queries/restore-test/structural-problems.sql");

	private RestoredCopyValidation() {
	}

	/** Compares the restored copy with the backup's fingerprints; returns the number of tables checked. */
	public static int validate(Connection copy, Map<String, TableFingerprint> tables) throws SQLException {
		List<String> problems = new ArrayList<>();
		Map<String, TableFingerprint> restored = TableFingerprints.of(copy);
		for (Map.Entry<String, TableFingerprint> expected : tables.entrySet()) {
			TableFingerprint actual = restored.get(expected.getKey());
			if (actual == null) {
				problems.add("table " + expected.getKey() + " is missing");
				continue;
			}
			if (actual.rowCount() != expected.getValue().rowCount()) {
				problems.add("table " + expected.getKey() + " has " + actual.rowCount() + " rows, the backup "
						+ expected.getValue().rowCount());
			}
			String sampleHash = expected.getValue().sampleHash();
			if (sampleHash != null && !Objects.equals(sampleHash, actual.sampleHash())) {
				problems.add("table " + expected.getKey() + ": sample rows differ from the backup's");
			}
		}
		try (Statement statement = copy.createStatement()) {
			List<String[]> sequences = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery(SEQUENCE_COLUMNS)) {
				while (rows.next()) {
					sequences.add(new String[] { rows.getString(1), rows.getString(2), rows.getString(3) });
				}
			}
			for (String[] sequence : sequences) {
				try (ResultSet behind = statement.executeQuery("SELECT coalesce(max(" + sequence[1] + "), 0) > "
						+ "(SELECT last_value FROM " + sequence[2] + ") FROM " + sequence[0])) {
					behind.next();
					if (behind.getBoolean(1)) {
						problems.add("sequence " + sequence[2] + " is behind max(" + sequence[0] + "." + sequence[1] + ")");
					}
				}
			}
			try (ResultSet rows = statement.executeQuery(STRUCTURAL_PROBLEMS)) {
				while (rows.next()) {
					problems.add(rows.getString(1));
				}
			}
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException("validation failed: " + String.join("; ", problems.subList(0,
					Math.min(5, problems.size()))) + (problems.size() > 5 ? " (and " + (problems.size() - 5) + " more)" : ""));
		}
		return restored.size();
	}

}
