package io.flowbatch.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.util.FileSystemUtils;

/**
 * An S3-compatible server (S3Proxy, SigV4) that speaks only HTTPS, with a certificate for {@code localhost} signed by
 * a CA of the test's own, made with {@code keytool} when it starts: clients verify it against {@link #caCertificate()}
 * (the CA in PEM), as they would a private CA in production. Objects live in a temporary directory, bucket
 * {@value #BUCKET}; {@link #keys} lists them through the server's storage, independent of any client.
 */
public final class TlsTestS3 implements AutoCloseable {

	public static final String BUCKET = "flowbatch-pgbackrest";

	public static final String REGION = "us-east-1";

	public static final String ACCESS_KEY = "flowbatch-tls-access";

	public static final String SECRET_KEY = "flowbatch-tls-secret";

	private static final String STORE_PASSWORD = "flowbatch-test";

	private final S3Proxy server;

	private final BlobStore storage;

	private final Path directory;

	private final int port;

	private TlsTestS3(S3Proxy server, BlobStore storage, Path directory, int port) {
		this.server = server;
		this.storage = storage;
		this.directory = directory;
		this.port = port;
	}

	public static TlsTestS3 start() throws Exception {
		Path directory = Files.createTempDirectory("flowbatch-test-s3-tls");
		Path keyStore = issueCertificate(directory);
		BlobStore storage = new FilesystemNio2BlobStore(Files.createDirectory(directory.resolve("objects")).toString());
		storage.createContainer(BUCKET);
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		S3Proxy server = S3Proxy.builder()
			.blobStore(storage)
			.secureEndpoint(URI.create("https://127.0.0.1:" + port))
			.keyStore(keyStore.toString(), STORE_PASSWORD)
			.awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
			.build();
		server.start();
		return new TlsTestS3(server, storage, directory, port);
	}

	/** The host name the certificate is for (the server listens on its address, 127.0.0.1). */
	public String host() {
		return "localhost";
	}

	public int port() {
		return this.port;
	}

	/** The test CA's certificate (PEM), the only one that signs the server's. */
	public Path caCertificate() {
		return this.directory.resolve("ca.pem");
	}

	/** A certificate (PEM) of another CA with the same name: what a client trusting it must refuse. */
	public Path otherCaCertificate() {
		return this.directory.resolve("other-ca.pem");
	}

	/**
	 * The {@code repo1-*} lines of a pgBackRest repository at {@code /pgbackrest} in the bucket, verifying the
	 * server's certificate against the test CA's, copied to {@code caFile} (where pgBackRest's user can read it).
	 */
	public List<String> pgBackRestRepository(Path caFile) {
		try {
			Files.copy(caCertificate(), caFile);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return List.of("repo1-type=s3", "repo1-path=/pgbackrest", "repo1-s3-bucket=" + BUCKET,
				"repo1-s3-endpoint=" + host(), "repo1-storage-port=" + this.port, "repo1-s3-region=" + REGION,
				"repo1-s3-uri-style=path", "repo1-s3-key=" + ACCESS_KEY, "repo1-s3-key-secret=" + SECRET_KEY,
				"repo1-storage-ca-file=" + caFile, "repo1-storage-verify-tls=y");
	}

	/** The keys of the objects under {@code prefix}. */
	public List<String> keys(String prefix) {
		List<String> keys = new ArrayList<>();
		String token = null;
		do {
			ListObjectsV2Response page = this.storage.list(ListObjectsV2Request.builder()
				.bucket(BUCKET)
				.prefix(prefix)
				.continuationToken(token)
				.build());
			page.contents().stream().map(S3Object::key).forEach(keys::add);
			token = page.nextContinuationToken();
		}
		while (token != null);
		return keys;
	}

	/**
	 * A CA (and an unrelated second one with the same name), and a key pair for {@code localhost} and 127.0.0.1 whose
	 * certificate the first CA signs, in the server's key store with the chain.
	 */
	private static Path issueCertificate(Path directory) throws IOException, InterruptedException {
		Path ca = directory.resolve("ca.p12");
		Path other = directory.resolve("other-ca.p12");
		Path server = directory.resolve("server.p12");
		Path request = directory.resolve("server.csr");
		Path signed = directory.resolve("server.pem");
		for (Path store : List.of(ca, other)) {
			keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
					"-dname", "CN=flowbatch test CA", "-ext", "bc:c", "-keystore", store.toString());
		}
		keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", directory.resolve("ca.pem")
			.toString());
		keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", other.toString(), "-file",
				directory.resolve("other-ca.pem").toString());
		keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
				"-dname", "CN=localhost", "-keystore", server.toString());
		keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-file", request.toString());
		keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-validity", "2", "-infile",
				request.toString(), "-outfile", signed.toString(), "-ext", "san=dns:localhost,ip:127.0.0.1", "-ext",
				"ku:c=digitalSignature", "-ext", "eku=serverAuth");
		keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", server.toString(), "-file",
				directory.resolve("ca.pem").toString());
		keytool("-importcert", "-alias", "server", "-keystore", server.toString(), "-file", signed.toString());
		return server;
	}

	private static void keytool(String... arguments) throws IOException, InterruptedException {
		// keytool COMMAND OPTIONS: the command first
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
			.toString(), arguments[0], "-storetype", "PKCS12", "-storepass", STORE_PASSWORD));
		command.addAll(List.of(arguments).subList(1, arguments.length));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
			throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed: " + output);
		}
	}

	@Override
	public void close() throws Exception {
		this.server.stop();
		FileSystemUtils.deleteRecursively(this.directory);
	}

}
