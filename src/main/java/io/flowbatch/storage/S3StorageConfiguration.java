package io.flowbatch.storage;

import java.time.Duration;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

@Configuration(proxyBeanMethods = false)
class S3StorageConfiguration {

	@Bean(destroyMethod = "close")
	@Lazy
	S3Client s3Client(S3Properties properties) {
		var builder = S3Client.builder()
			.region(Region.of(properties.region()))
			.forcePathStyle(properties.pathStyleAccess())
			// No CRC over every byte sent and received on top of what flowbatch checks itself: every object it writes
			// is read back whole, its SHA-256 computed and its content compared (archives, backup-verify).
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.credentialsProvider(DefaultCredentialsProvider.builder().build())
			.httpClient(Apache5HttpClient.builder()
				// An unreachable endpoint must fail in seconds, not hang a nightly run.
				.connectionTimeout(Duration.ofSeconds(5))
				.socketTimeout(properties.socketTimeout())
				.build())
			.overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofMinutes(10)).build());
		if (properties.endpoint() != null) {
			builder.endpointOverride(properties.endpoint());
		}
		return builder.build();
	}

}
