package io.flowbatch.storage;

import java.nio.charset.StandardCharsets;

import io.flowbatch.testsupport.TestS3;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The harness's S3 server behaves like S3 where the archive jobs depend on it. */
class TestS3ServerTest {

	@Test
	void objectsRoundTripOverHttpWithSignedRequests() {
		try (S3Client s3 = TestS3.get().client()) {
			s3.putObject((r) -> r.bucket(TestS3.BUCKET).key("harness/round-trip.txt"),
					RequestBody.fromString("payload ü", StandardCharsets.UTF_8));

			String body = s3.getObjectAsBytes((r) -> r.bucket(TestS3.BUCKET).key("harness/round-trip.txt"))
				.asString(StandardCharsets.UTF_8);

			assertThat(body).isEqualTo("payload ü");
		}
	}

	@Test
	void aConditionalWriteNeverOverwritesAnExistingObject() {
		try (S3Client s3 = TestS3.get().client()) {
			s3.putObject((r) -> r.bucket(TestS3.BUCKET).key("harness/once.txt").ifNoneMatch("*"),
					RequestBody.fromString("first"));

			assertThatThrownBy(() -> s3.putObject((r) -> r.bucket(TestS3.BUCKET).key("harness/once.txt").ifNoneMatch("*"),
					RequestBody.fromString("second")))
				.isInstanceOfSatisfying(S3Exception.class, (ex) -> assertThat(ex.statusCode()).isEqualTo(412));
			assertThat(s3.getObjectAsBytes((r) -> r.bucket(TestS3.BUCKET).key("harness/once.txt")).asUtf8String())
				.isEqualTo("first");
		}
	}

}
