package io.flowbatch.backup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

import javax.sql.DataSource;

/**
 * Where restore-test restores: the cluster of {@code flowbatch.restore.target-url} as
 * {@code flowbatch.restore.target-username} (a dedicated role with CREATEDB and CREATEROLE, no superuser, is enough),
 * by default the application's own cluster and user. Results are recorded through the application's data source
 * either way.
 */
class RestoreTarget {

	private final String url;

	private final String username;

	private final String password;

	private final DataSource application;

	private final PostgresClient postgres;

	RestoreTarget(String url, String username, String password, DataSource application, PostgresClient postgres) {
		this.url = url;
		this.username = username;
		this.password = password;
		this.application = application;
		this.postgres = postgres;
	}

	/** The source database's name: the download directory is per source. */
	String databaseName() {
		return this.postgres.databaseName();
	}

	/** A session on the target URL's database, autocommitted, for CREATE/DROP DATABASE and ROLE. */
	Connection admin() throws SQLException {
		Connection connection = DriverManager.getConnection(this.url, this.username, this.password);
		connection.setAutoCommit(true);
		return connection;
	}

	/** A session on a database of the target cluster, with the target URL's host, port and TLS settings. */
	Connection connect(String database) throws SQLException {
		return DriverManager.getConnection(databaseUrl(this.url, database), this.username, this.password);
	}

	/** An autocommitted session of the application's own database, for the results. */
	Connection application() throws SQLException {
		Connection connection = this.application.getConnection();
		connection.setAutoCommit(true);
		return connection;
	}

	ProcessBuilder command(String tool, List<String> arguments) {
		return this.postgres.command(tool, arguments, this.url, this.username, this.password);
	}

	/** A JDBC URL with another database: the same host, port and TLS settings. */
	static String databaseUrl(String url, String database) {
		Properties parsed = PostgresClient.parse(url);
		int query = url.indexOf('?');
		return "jdbc:postgresql://" + parsed.getProperty("PGHOST") + ":" + parsed.getProperty("PGPORT") + "/"
				+ database.replace("~", "%7E") + ((query >= 0) ? url.substring(query) : "");
	}

}
