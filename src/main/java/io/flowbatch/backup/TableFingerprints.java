package io.flowbatch.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flowbatch.backup.BackupManifest.TableFingerprint;
import io.flowbatch.sql.SqlFiles;

/**
 * What backup records about every user table and restore-test compares in the restored copy: the exact row count
 * and a hash of a sample of rows (the first 100 by primary key; tables without one have no sample). Public for the
 * backup benchmark, whose bare baseline takes the same fingerprints.
 */
public final class TableFingerprints {

	private static final String USER_TABLES = SqlFiles.read("queries/backup/user-tables.sql");

	private static final String PRIMARY_KEY = SqlFiles.read("queries/backup/primary-key-columns.sql");

	private static final String SAMPLE_HASH = SqlFiles.read("queries/backup/sample-hash.sql");

	private TableFingerprints() {
	}

	/** Per table (schema-qualified, quoted), its fingerprint. */
	public static Map<String, TableFingerprint> of(Connection connection) throws SQLException {
		List<String> tables = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(USER_TABLES)) {
			while (rows.next()) {
				tables.add(rows.getString(1));
			}
		}
		Map<String, TableFingerprint> fingerprints = new LinkedHashMap<>();
		for (String table : tables) {
			long rowCount = ((Number) single(connection, "SELECT count(*) FROM " + table)).longValue();
			String primaryKey = primaryKey(connection, table);
			String sampleHash = (primaryKey != null)
					? (String) single(connection, SAMPLE_HASH.formatted(table, primaryKey)) : null;
			fingerprints.put(table, new TableFingerprint(rowCount, sampleHash));
		}
		return fingerprints;
	}

	private static String primaryKey(Connection connection, String table) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(PRIMARY_KEY)) {
			statement.setString(1, table);
			try (ResultSet row = statement.executeQuery()) {
				return row.next() ? row.getString(1) : null;
			}
		}
	}

	private static Object single(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
			row.next();
			return row.getObject(1);
		}
	}

}
