package io.flowbatch.testsupport;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.flowbatch.devtools.embedded.LocalS3Server;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.util.FileSystemUtils;

/**
 * The real S3-compatible server the tests run against ({@link LocalS3Server}: S3Proxy over HTTP with SigV4), storing
 * objects in a temporary directory behind a {@link FaultyBlobStore} so that tests can make it misbehave. Started once
 * per test JVM; the code under test finds it through the {@code flowbatch.s3.*} system properties set here.
 */
public final class TestS3 {

	public static final String BUCKET = "flowbatch-test";

	private static TestS3 instance;

	private final LocalS3Server server;

	private final FaultyBlobStore storage;

	private TestS3(LocalS3Server server, FaultyBlobStore storage) {
		this.server = server;
		this.storage = storage;
	}

	/** Starts the server (first call only), creates the bucket and points {@code flowbatch.s3.*} at it. */
	public static synchronized TestS3 get() {
		if (instance == null) {
			try {
				Path directory = Files.createTempDirectory("flowbatch-test-s3");
				FaultyBlobStore storage = new FaultyBlobStore(new FilesystemNio2BlobStore(directory.toString()));
				instance = new TestS3(LocalS3Server.start(storage, BUCKET), storage);
				// The server stops with the JVM; its objects go with it.
				Runtime.getRuntime()
					.addShutdownHook(new Thread(() -> FileSystemUtils.deleteRecursively(directory.toFile()),
							"delete-test-s3-objects"));
			}
			catch (Exception ex) {
				throw new IllegalStateException("cannot start the test S3 server: " + ex.getMessage(), ex);
			}
			instance.server.applyToSystemProperties();
		}
		return instance;
	}

	/** The server's storage, to make it misbehave; {@code faults().reset()} after each test. */
	public FaultyBlobStore faults() {
		return this.storage;
	}

	/** Environment variables for a child JVM when a test has started the server; none otherwise. */
	static synchronized Map<String, String> environmentIfStarted() {
		return (instance != null) ? instance.environment() : Map.of();
	}

	public URI endpoint() {
		return this.server.endpoint();
	}

	/** A client of the test's own, independent of the code under test. */
	public S3Client client() {
		return this.server.client();
	}

	/** Environment variables that point a child JVM at this server. */
	public Map<String, String> environment() {
		return this.server.environment();
	}

}
