package io.flowbatch.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the SQL kept in the repository's {@code sql/} directory, which the jar ships under {@code sql/}. */
public final class SqlFiles {

	private SqlFiles() {
	}

	/** @param path relative to {@code sql/}, e.g. {@code queries/history.sql} */
	public static String read(String path) {
		try (InputStream in = SqlFiles.class.getClassLoader().getResourceAsStream("sql/" + path)) {
			if (in == null) {
				throw new IllegalStateException("missing SQL file sql/" + path);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read sql/" + path, ex);
		}
	}

}
