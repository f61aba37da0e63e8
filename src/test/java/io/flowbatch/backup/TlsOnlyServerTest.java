package io.flowbatch.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.flowbatch.devtools.embedded.LocalPostgresServer;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestServers;
import io.flowbatch.testsupport.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * backup and restore-test against a server that accepts only TLS connections with a client certificate
 * ({@code hostssl ... clientcert=verify-full}, no plaintext line): pg_dump, pg_restore and restore-test's own
 * connection to the scratch database must use the JDBC URL's sslmode, root certificate and client certificate, or the
 * server turns them away.
 */
class TlsOnlyServerTest {

	private static final Map<String, String> replacedProperties = new HashMap<>();

	private static Path certificates;

	private static LocalPostgresServer server;

	@BeforeAll
	static void startTlsOnlyServer() throws Exception {
		TestServers.startDatabaseAndS3();
		certificates = Files.createTempDirectory("flowbatch-test-tls");
		Path ca = certificate("ca", "/CN=flowbatch test CA", null);
		Path serverCertificate = certificate("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1");
		certificate("client", "/CN=postgres", null);
		Path serverDirectory = Files.createDirectory(certificates.resolve("server-files"));
		Files.copy(serverCertificate, serverDirectory.resolve("server.crt"));
		Files.copy(certificates.resolve("server.key"), serverDirectory.resolve("server.key"));
		Files.copy(ca, serverDirectory.resolve("ca.crt"));
		Files.writeString(serverDirectory.resolve("pg_hba.conf"), String.join("\n", "local all all trust",
				"hostssl all all 127.0.0.1/32 trust clientcert=verify-full", ""));
		if ("root".equals(System.getProperty("user.name"))) {
			UserPrincipal postgres = serverDirectory.getFileSystem().getUserPrincipalLookupService()
				.lookupPrincipalByName("postgres");
			try (var files = Files.list(serverDirectory)) {
				for (Path file : files.toList()) {
					Files.setOwner(file, postgres);
				}
			}
			Files.setOwner(serverDirectory, postgres);
			Files.setOwner(certificates, postgres);
		}
		Files.setPosixFilePermissions(serverDirectory.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
		Files.setPosixFilePermissions(certificates.resolve("client.key"), PosixFilePermissions.fromString("rw-------"));
		Path baseDir = Files.createTempDirectory("flowbatch-test-pg-tls");
		server = LocalPostgresServer.start(LocalPostgresServer.machineBinaries().orElseThrow(), baseDir,
				LocalPostgresServer.freePort(), List.of("ssl=on", "ssl_cert_file=" + serverDirectory.resolve("server.crt"),
						"ssl_key_file=" + serverDirectory.resolve("server.key"),
						"ssl_ca_file=" + serverDirectory.resolve("ca.crt"),
						"hba_file=" + serverDirectory.resolve("pg_hba.conf")));
		String url = server.jdbcUrl(TestPostgres.DATABASE) + "?sslmode=verify-full&sslrootcert=" + ca + "&sslcert="
				+ certificates.resolve("client.crt") + "&sslkey=" + certificates.resolve("client.key");
		try (Connection admin = DriverManager.getConnection(url.replace("/" + TestPostgres.DATABASE + "?", "/postgres?"),
				"postgres", ""); Statement statement = admin.createStatement()) {
			statement.execute("CREATE DATABASE " + TestPostgres.DATABASE);
		}
		Map.of("spring.datasource.url", url, "flowbatch.s3.prefix", "tls-" + UUID.randomUUID())
			.forEach((name, value) -> {
				replacedProperties.put(name, System.getProperty(name));
				System.setProperty(name, value);
			});
	}

	@AfterAll
	static void stopTlsOnlyServer() {
		replacedProperties.forEach((name, value) -> {
			if (value == null) {
				System.clearProperty(name);
			}
			else {
				System.setProperty(name, value);
			}
		});
		if (server != null) {
			server.close();
		}
		FileSystemUtils.deleteRecursively(certificates.toFile());
	}

	@Test
	void aBackupAndItsRestoreTestConnectWithTheUrlsTlsSettings() {
		CliRun backup = CliRun.of("run", "backup", "rerun=" + System.nanoTime());
		assertThat(backup.exitCode()).as(backup.toString()).isZero();

		CliRun restoreTest = CliRun.of("run", "restore-test", "rerun=" + System.nanoTime());
		assertThat(restoreTest.exitCode()).as(restoreTest.toString()).isZero();
		assertThat(restoreTest.out()).contains("restore test of").contains("passed");
	}

	/** A key and a certificate signed by the test CA (or self-signed, for the CA). */
	private static Path certificate(String name, String subject, String extension) {
		Path key = certificates.resolve(name + ".key");
		Path certificate = certificates.resolve(name + ".crt");
		Tools.Result made;
		if (name.equals("ca")) {
			made = Tools.run(certificates, "openssl", "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
					"-keyout", key.toString(), "-out", certificate.toString(), "-days", "2", "-subj", subject);
		}
		else {
			Path request = certificates.resolve(name + ".csr");
			made = Tools.run(certificates, "openssl", "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout",
					key.toString(), "-out", request.toString(), "-subj", subject);
			assertThat(made.exitCode()).as(made.output()).isZero();
			Path extensions = certificates.resolve(name + ".ext");
			try {
				Files.writeString(extensions, (extension != null) ? extension + "\n" : "basicConstraints=CA:FALSE\n");
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
			made = Tools.run(certificates, "openssl", "openssl", "x509", "-req", "-in", request.toString(), "-CA",
					certificates.resolve("ca.crt").toString(), "-CAkey", certificates.resolve("ca.key").toString(),
					"-CAcreateserial", "-out", certificate.toString(), "-days", "2", "-extfile", extensions.toString());
		}
		assertThat(made.exitCode()).as(made.output()).isZero();
		return certificate;
	}

}
