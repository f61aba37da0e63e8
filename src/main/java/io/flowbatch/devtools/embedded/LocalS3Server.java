package io.flowbatch.devtools.embedded;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server in this JVM for {@code flowbatch demo} and the tests: S3Proxy on a free loopback port,
 * checking AWS SigV4 signatures, over the given storage. Clients reach it over HTTP with the real AWS SDK, configured
 * through the same {@code flowbatch.s3.*} settings and credential chain as production ({@link #environment()}).
 */
public final class LocalS3Server implements AutoCloseable {

	private static final String ACCESS_KEY = "flowbatch-local-access";

	private static final String SECRET_KEY = "flowbatch-local-secret";

	private final S3Proxy server;

	private final URI endpoint;

	private final String bucket;

	private LocalS3Server(S3Proxy server, URI endpoint, String bucket) {
		this.server = server;
		this.endpoint = endpoint;
		this.bucket = bucket;
	}

	/** Starts a server over {@code storage} and creates {@code bucket} in it. */
	public static LocalS3Server start(BlobStore storage, String bucket) throws Exception {
		URI endpoint = URI.create("http://127.0.0.1:" + freePort());
		S3Proxy server = S3Proxy.builder()
			.blobStore(storage)
			.endpoint(endpoint)
			.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
			.build();
		server.start();
		LocalS3Server local = new LocalS3Server(server, endpoint, bucket);
		try (S3Client client = local.client()) {
			client.createBucket((request) -> request.bucket(bucket));
		}
		return local;
	}

	public URI endpoint() {
		return this.endpoint;
	}

	public String bucket() {
		return this.bucket;
	}

	/** A client of its own, independent of the application's. */
	public S3Client client() {
		return S3Client.builder()
			.endpointOverride(this.endpoint)
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
			.build();
	}

	/**
	 * The environment variables that point flowbatch at this server: its {@code flowbatch.s3.*} settings and the
	 * credentials the AWS SDK's default chain reads.
	 */
	public Map<String, String> environment() {
		return Map.of("FLOWBATCH_S3_ENDPOINT", this.endpoint.toString(), "FLOWBATCH_S3_BUCKET", this.bucket,
				"FLOWBATCH_S3_REGION", "us-east-1", "FLOWBATCH_S3_PATH_STYLE_ACCESS", "true", "AWS_ACCESS_KEY_ID",
				ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
	}

	/** The same settings as system properties, for flowbatch running in this JVM. */
	public void applyToSystemProperties() {
		System.setProperty("flowbatch.s3.endpoint", this.endpoint.toString());
		System.setProperty("flowbatch.s3.bucket", this.bucket);
		System.setProperty("flowbatch.s3.region", "us-east-1");
		System.setProperty("flowbatch.s3.path-style-access", "true");
		// Read by the AWS SDK's default credentials chain, as AWS_ACCESS_KEY_ID would be in production.
		System.setProperty("aws.accessKeyId", ACCESS_KEY);
		System.setProperty("aws.secretAccessKey", SECRET_KEY);
	}

	@Override
	public void close() throws Exception {
		this.server.stop();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
