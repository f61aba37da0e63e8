package io.flowbatch.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for the tests: S3Proxy in this JVM, listening on a loopback port, storing objects in a
 * temporary directory, checking AWS SigV4 signatures. Tests and the code under test reach it over HTTP with the real
 * AWS SDK, configured through the same {@code flowbatch.s3.*} properties and credential chain as production.
 */
public final class TestS3 {

	public static final String BUCKET = "flowbatch-test";

	static final String ACCESS_KEY = "flowbatch-test-access";

	static final String SECRET_KEY = "flowbatch-test-secret";

	private static TestS3 instance;

	private final S3Proxy server;

	private final URI endpoint;

	private final FaultyBlobStore storage;

	private TestS3(S3Proxy server, URI endpoint, FaultyBlobStore storage) {
		this.server = server;
		this.endpoint = endpoint;
		this.storage = storage;
	}

	/** Starts the server (first call only), creates the bucket and points {@code flowbatch.s3.*} at it. */
	public static synchronized TestS3 get() {
		if (instance == null) {
			try {
				Path storage = Files.createTempDirectory("flowbatch-test-s3");
				URI endpoint = URI.create("http://127.0.0.1:" + freePort());
				FaultyBlobStore blobStore = new FaultyBlobStore(new FilesystemNio2BlobStore(storage.toString()));
				S3Proxy server = S3Proxy.builder()
					.blobStore(blobStore)
					.endpoint(endpoint)
					.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
					.build();
				server.start();
				instance = new TestS3(server, endpoint, blobStore);
				try (S3Client client = instance.client()) {
					client.createBucket((request) -> request.bucket(BUCKET));
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException("cannot start the test S3 server: " + ex.getMessage(), ex);
			}
			System.setProperty("flowbatch.s3.endpoint", instance.endpoint.toString());
			System.setProperty("flowbatch.s3.bucket", BUCKET);
			System.setProperty("flowbatch.s3.region", "us-east-1");
			System.setProperty("flowbatch.s3.path-style-access", "true");
			// Read by the AWS SDK's default credentials chain, as AWS_ACCESS_KEY_ID would be in production.
			System.setProperty("aws.accessKeyId", ACCESS_KEY);
			System.setProperty("aws.secretAccessKey", SECRET_KEY);
		}
		return instance;
	}

	/** The server's storage, to make it misbehave; {@code faults().reset()} after each test. */
	public FaultyBlobStore faults() {
		return this.storage;
	}

	/** Environment variables for a child JVM when a test has started the server; none otherwise. */
	static synchronized java.util.Map<String, String> environmentIfStarted() {
		return (instance != null) ? instance.environment() : java.util.Map.of();
	}

	public URI endpoint() {
		return this.endpoint;
	}

	/** A client of the test's own, independent of the code under test. */
	public S3Client client() {
		return S3Client.builder()
			.endpointOverride(this.endpoint)
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
			.build();
	}

	/** Environment variables that point a child JVM at this server. */
	public java.util.Map<String, String> environment() {
		return java.util.Map.of("FLOWBATCH_S3_ENDPOINT", this.endpoint.toString(), "FLOWBATCH_S3_BUCKET", BUCKET,
				"FLOWBATCH_S3_REGION", "us-east-1", "FLOWBATCH_S3_PATH_STYLE_ACCESS", "true", "AWS_ACCESS_KEY_ID",
				ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
