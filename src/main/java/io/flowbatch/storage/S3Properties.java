package io.flowbatch.storage;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code flowbatch.s3.*}: where archives and backups go. Credentials come from the AWS SDK's default provider chain
 * (environment, profile, web identity, instance role), never from here, so they are never printed or stored.
 * @param endpoint an S3-compatible endpoint (MinIO, Ceph, ...); null for AWS
 * @param prefix key prefix for everything flowbatch writes, without a trailing slash
 * @param socketTimeout how long a request may wait for the server's next bytes before it is retried or fails
 */
@ConfigurationProperties("flowbatch.s3")
public record S3Properties(@Nullable URI endpoint, @DefaultValue("us-east-1") String region,
		@DefaultValue("flowbatch-archive") String bucket, @DefaultValue("flowbatch") String prefix,
		@DefaultValue("false") boolean pathStyleAccess, @DefaultValue("60s") Duration socketTimeout) {

	/** The full key of a path relative to the prefix. */
	public String key(String relative) {
		return this.prefix.isEmpty() ? relative : this.prefix + "/" + relative;
	}

}
